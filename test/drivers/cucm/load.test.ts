// The phone's "Phone Load Name" through the CUCM driver, by AXL and by the web pages, against
// the virtual CUCM: set (journaled, read back), the config file's <loadInformation> follows,
// clearing hands the phone back to its model's Device Defaults load, and the journal puts
// the previous value back; a CUCM that does not take the value is caught by the read-back.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { TeardownJournal } from '../../../harness/lab/journal.ts';
import { AxlBackend } from '../../../drivers/cucm/axl/axl-backend.ts';
import { JournaledCucmDriver } from '../../../drivers/cucm/driver.ts';
import { CucmVerifyError, cucmDriverFor, UNDO_LOAD, type CucmDriver } from '../../../drivers/cucm/index.ts';
import { requireChromium } from './support/chromium.ts';
import { journalFor, startVirtualCucm, tempDir, type TempJournal, type VirtualCucm } from './support/virtual-cucm.ts';

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
    let v: VirtualCucm;
    let driver: CucmDriver;
    let tmp: TempJournal;
    let journal: TeardownJournal;

    before(async () => {
      if (via === 'web') requireChromium();
      v = await startVirtualCucm({ sessionTtlMs: 60_000 });
      tmp = await tempDir(`cucm-load-${via}`);
      driver = cucmDriverFor(v.conn(), { via, web: { evidenceDir: `${tmp.dir}/evidence` } });
      journal = await journalFor(driver, tmp.file);
      await driver.login();
    });
    after(async () => {
      await driver?.close();
      await v?.close();
      await tmp?.remove();
    });

    it('reads no load of its own at first, and the model default from Device Defaults', async () => {
      assert.equal(await driver.getLoad(PHONE), undefined);
      assert.equal(await driver.getDeviceDefaultLoad('CP-7961G'), TARGET);
      assert.equal(await driver.getDeviceDefaultLoad('Cisco 7965'), 'SCCP45.9-4-2SR2-2S');
      assert.equal(loadInConfigFile(v, PHONE), TARGET);
    });

    it('sets the Phone Load Name, journaled first, and CUCM writes it to the config file', async () => {
      await driver.setLoad(PHONE, BASELINE);
      assert.equal(await driver.getLoad(PHONE), BASELINE);
      assert.equal(loadInConfigFile(v, PHONE), BASELINE);
      const steps = journal.pending().filter((e) => e.step.kind === UNDO_LOAD);
      assert.equal(steps.length, 1);
      assert.deepEqual(steps[0]?.step.params, { phone: PHONE, previous: '' });
      assert.match(await readFile(tmp.file, 'utf8'), /"kind":"cucm\.load"/);
      // Other phones keep their own value.
      assert.equal(await driver.getLoad('SEP0250F5A10002'), undefined);
    });

    it('clears it (undefined): the Device Defaults load applies again', async () => {
      await driver.setLoad(PHONE, 'SCCP41.9-2-1SR1-1S');
      await driver.setLoad(PHONE, undefined);
      assert.equal(await driver.getLoad(PHONE), undefined);
      assert.equal(loadInConfigFile(v, PHONE), TARGET);
    });

    it('undoes through the journal: the previous values, newest first, back to none', async () => {
      await driver.setLoad(PHONE, BASELINE);
      assert.equal(journal.pending().filter((e) => e.step.kind === UNDO_LOAD).length, 4);
      const failures = await journal.undoAll();
      assert.deepEqual(failures, []);
      assert.equal(await driver.getLoad(PHONE), undefined);
      assert.equal(loadInConfigFile(v, PHONE), TARGET);
    });

    it('refuses to change the load while no journal is bound', async () => {
      const unbound = cucmDriverFor(v.conn(), { via, web: { evidenceDir: `${tmp.dir}/evidence` } });
      try {
        await assert.rejects(unbound.setLoad(PHONE, BASELINE), /no teardown journal/);
      } finally {
        await unbound.close();
      }
      assert.equal(await driver.getLoad(PHONE), undefined);
    });
  });
}

describe('CUCM driver: Phone Load Name read-back', () => {
  let v: VirtualCucm;
  let tmp: TempJournal;
  before(async () => {
    v = await startVirtualCucm();
    tmp = await tempDir('cucm-load-verify');
  });
  after(async () => {
    await v?.close();
    await tmp?.remove();
  });

  it('throws CucmVerifyError when CUCM answers OK but keeps the old value, with the undo step already journaled', async () => {
    // A CUCM that acknowledges the update and changes nothing (as CSCsh98792's BAT does for PFS).
    class IgnoringAxl extends AxlBackend {
      override setLoad(): Promise<void> {
        return Promise.resolve();
      }
    }
    const driver = new JournaledCucmDriver(new IgnoringAxl(v.conn(), 1), { bulkPollMs: 100, bulkTimeoutMs: 10_000, parallelism: 1 });
    try {
      const journal = await journalFor(driver, tmp.file);
      await assert.rejects(driver.setLoad(PHONE, BASELINE), (e: unknown) => {
        assert.ok(e instanceof CucmVerifyError);
        assert.match(e.message, new RegExp(`phone ${PHONE}: Phone Load Name reads back \\(none: the Device Defaults load applies\\) after setting ${BASELINE.replace(/\./g, '\\.')} \\(via axl\\)`));
        return true;
      });
      assert.equal(journal.pending().filter((e) => e.step.kind === UNDO_LOAD).length, 1);
    } finally {
      await driver.close();
    }
  });
});
