// The phone's "Log Server" (a product-specific parameter found by its label) through the CUCM
// driver, by AXL and by the web pages, against the virtual CUCM: set (journaled, override box
// set, read back), CUCM writes it into the config file's <logServer>, and the journal puts
// the previous state (no value of its own, override clear) back.
import assert from 'node:assert/strict';
import { LOG_SERVER, UNDO_PHONE_PARAM } from '../../../drivers/cucm/index.ts';
import type { VirtualCucm } from './support/virtual-cucm.ts';
import { useDriverOnVirtualCucm } from './support/driver-on-virtual-cucm.ts';

const PHONE = 'SEP0250F5A10001';

function logServerInConfigFile(v: VirtualCucm, phone: string): string | undefined {
  const xml = v.files.get(`${phone}.cnf.xml`);
  return xml ? (/<logServer>([^<]*)<\/logServer>/.exec(xml)?.[1] ?? '') : undefined;
}

for (const via of ['axl', 'web'] as const) {
  describe(`CUCM driver: Log Server (${via})`, function () {
    const cucm = useDriverOnVirtualCucm({ via, name: `cucm-logserver-${via}`, cucm: { sessionTtlMs: 60_000 } });

    it('reads no value of its own at first (override clear)', async () => {
      assert.deepEqual(await cucm.driver.getPhoneParam(PHONE, LOG_SERVER), { value: '', override: false });
      assert.equal(logServerInConfigFile(cucm.v, PHONE), '');
    });

    it('sets it with the override box, journaled first; the config file carries it', async () => {
      await cucm.driver.setPhoneParam(PHONE, LOG_SERVER, '169.254.77.1:5514');
      assert.deepEqual(await cucm.driver.getPhoneParam(PHONE, LOG_SERVER), { value: '169.254.77.1:5514', override: true });
      assert.equal(logServerInConfigFile(cucm.v, PHONE), '169.254.77.1:5514');
      const steps = cucm.journal.pending().filter((e) => e.step.kind === UNDO_PHONE_PARAM);
      assert.equal(steps.length, 1);
      assert.deepEqual(steps[0]?.step.params, { phone: PHONE, param: LOG_SERVER, previous: { value: '', override: false } });
      assert.equal(logServerInConfigFile(cucm.v, 'SEP0250F5A10002'), '', 'other phones unchanged');
    });

    it('undoes through the journal: back to no value of its own', async () => {
      assert.deepEqual(await cucm.journal.undoAll(), []);
      assert.deepEqual(await cucm.driver.getPhoneParam(PHONE, LOG_SERVER), { value: '', override: false });
      assert.equal(logServerInConfigFile(cucm.v, PHONE), '');
    });
  });
}
