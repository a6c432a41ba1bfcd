// The phone's "Phone Load Name" through the CUCM driver, by AXL and by the web pages, against
// the virtual CUCM: set (journaled, read back), the config file's <loadInformation> follows,
// clearing hands the phone back to its model's Device Defaults load, and the journal puts
// the previous value back; a CUCM that does not take the value is caught by the read-back.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { AxlBackend } from '../../../drivers/cucm/axl/axl-backend.ts';
import { JournaledCucmDriver } from '../../../drivers/cucm/driver.ts';
import { CucmVerifyError, cucmDriverFor, UNDO_LOAD } from '../../../drivers/cucm/index.ts';
import type { VirtualCucm } from './support/virtual-cucm.ts';
import { useDriverOnVirtualCucm } from './support/driver-on-virtual-cucm.ts';

const PHONE = 'SEP0250F5A10001';
const TARGET = 'SCCP41.9-4-2SR2-2S';
const BASELINE = 'SCCP41.9-3-1SR1-1S';

/** <loadInformation> of a phone's SEP<MAC>.cnf.xml as CUCM last wrote it. */
function loadInConfigFile(v: VirtualCucm, phone: string): string | undefined {
  const xml = v.files.get(`${phone}.cnf.xml`);
  return xml ? /<loadInformation>([^<]*)<\/loadInformation>/.exec(xml)?.[1] : undefined;
}

for (const via of ['axl', 'web'] as const) {
  describe(`CUCM driver: Phone Load Name (${via})`, function () {
    const cucm = useDriverOnVirtualCucm({ via, name: `cucm-load-${via}`, cucm: { sessionTtlMs: 60_000 } });

    it('reads no load of its own at first, and the model default from Device Defaults', async () => {
      assert.equal(await cucm.driver.getLoad(PHONE), undefined);
      assert.equal(await cucm.driver.getDeviceDefaultLoad('CP-7961G'), TARGET);
      assert.equal(await cucm.driver.getDeviceDefaultLoad('Cisco 7965'), 'SCCP45.9-4-2SR2-2S');
      assert.equal(loadInConfigFile(cucm.v, PHONE), TARGET);
    });

    it('sets the Phone Load Name, journaled first, and CUCM writes it to the config file', async () => {
      await cucm.driver.setLoad(PHONE, BASELINE);
      assert.equal(await cucm.driver.getLoad(PHONE), BASELINE);
      assert.equal(loadInConfigFile(cucm.v, PHONE), BASELINE);
      const steps = cucm.journal.pending().filter((e) => e.step.kind === UNDO_LOAD);
      assert.equal(steps.length, 1);
      assert.deepEqual(steps[0]?.step.params, { phone: PHONE, previous: '' });
      assert.match(await readFile(cucm.tmp.file, 'utf8'), /"kind":"cucm\.load"/);
      // Other phones keep their own value.
      assert.equal(await cucm.driver.getLoad('SEP0250F5A10002'), undefined);
    });

    it('clears it (undefined): the Device Defaults load applies again', async () => {
      await cucm.driver.setLoad(PHONE, 'SCCP41.9-2-1SR1-1S');
      await cucm.driver.setLoad(PHONE, undefined);
      assert.equal(await cucm.driver.getLoad(PHONE), undefined);
      assert.equal(loadInConfigFile(cucm.v, PHONE), TARGET);
    });

    it('undoes through the journal: the previous values, newest first, back to none', async () => {
      await cucm.driver.setLoad(PHONE, BASELINE);
      assert.equal(cucm.journal.pending().filter((e) => e.step.kind === UNDO_LOAD).length, 4);
      const failures = await cucm.journal.undoAll();
      assert.deepEqual(failures, []);
      assert.equal(await cucm.driver.getLoad(PHONE), undefined);
      assert.equal(loadInConfigFile(cucm.v, PHONE), TARGET);
    });

    it('refuses to change the load while no journal is bound', async () => {
      const unbound = cucmDriverFor(cucm.v.conn(), { via, web: { evidenceDir: `${cucm.tmp.dir}/evidence` } });
      try {
        await assert.rejects(unbound.setLoad(PHONE, BASELINE), /no teardown journal/);
      } finally {
        await unbound.close();
      }
      assert.equal(await cucm.driver.getLoad(PHONE), undefined);
    });
  });
}

describe('CUCM driver: Phone Load Name read-back', () => {
  // A CUCM that acknowledges the update and changes nothing (as CSCsh98792's BAT does for PFS).
  class IgnoringAxl extends AxlBackend {
    override setLoad(): Promise<void> {
      return Promise.resolve();
    }
  }
  const cucm = useDriverOnVirtualCucm({
    via: 'axl',
    name: 'cucm-load-verify',
    driver: (v) => new JournaledCucmDriver(new IgnoringAxl(v.conn(), 1), { bulkPollMs: 100, bulkTimeoutMs: 10_000, parallelism: 1 }),
    login: false,
  });

  it('throws CucmVerifyError when CUCM answers OK but keeps the old value, with the undo step already journaled', async () => {
    await assert.rejects(cucm.driver.setLoad(PHONE, BASELINE), (e: unknown) => {
      assert.ok(e instanceof CucmVerifyError);
      assert.match(e.message, new RegExp(`phone ${PHONE}: Phone Load Name reads back \\(none: the Device Defaults load applies\\) after setting ${BASELINE.replace(/\./g, '\\.')} \\(via axl\\)`));
      return true;
    });
    assert.equal(cucm.journal.pending().filter((e) => e.step.kind === UNDO_LOAD).length, 1);
  });
});
