// The same driver against a third-party agent: Debian's snmpd serving a writable
// pethPsePortTable through a pass_persist handler, and the host's own IF-MIB. It proves
// that the poe_mib backend speaks what an agent other than our twin serves (v2c, v3
// SHA/AES and SHA/DES, GetBulk walks, snmpd's own noAccess). snmpd must be installed:
// the suite fails, never skips, without it.
import assert from 'node:assert/strict';
import type { TeardownJournal } from '../../../harness/lab/journal.ts';
import type { PoeDriver } from '../../../drivers/poe/index.ts';
import { createPoeDriver, PoeError } from '../../../drivers/poe/index.ts';
import type { Snmpd } from './snmpd.ts';
import { startSnmpd } from './snmpd.ts';
import { journalFor, labOf, switchEntry, WAYS, WRONG, RO, RW } from './virtual-lab.ts';

const PORTS = 8;
const EMPTY = 8;
const FAST = { holdMs: 50, pollMs: 10 };

describe('PoE driver: Debian snmpd with a pass_persist PoE table', function () {
  let snmpd: Snmpd | undefined;
  let driver: PoeDriver | undefined;
  let journal: TeardownJournal;
  let dispose: () => Promise<void>;

  const ref = (way: string, port: number) => ({ switch: `snmpd-${way}`, group: 1, port });
  const admin = async (port: number) => (await driver!.status(ref('v2c', port))).admin;

  before(async function () {
    snmpd = await startSnmpd(PORTS, 30, EMPTY);
    const entries = [...WAYS, 'ro' as const, 'wrong' as const].map((way) => switchEntry('snmpd', way, snmpd!.port));
    driver = await createPoeDriver(labOf(entries));
  });

  beforeEach(async function () {
    ({ journal, dispose } = await journalFor(driver!));
  });

  afterEach(async function () {
    const failures = await journal.undoAll();
    await dispose();
    assert.deepEqual(failures.map((f) => f.error.message), []);
  });

  after(async function () {
    driver?.close();
    await snmpd?.stop();
  });

  for (const way of WAYS) {
    it(`over ${way}: off, status, on, and a cycle by group/port`, async function () {
      await driver!.off(ref(way, 2));
      assert.deepEqual(await driver!.status(ref(way, 2)), { admin: false, detection: 'disabled' });
      await driver!.on(ref(way, 2));
      assert.equal((await driver!.status(ref(way, 2))).admin, true);
      assert.deepEqual(await driver!.cycle(ref(way, 3), FAST), { admin: true, detection: 'deliveringPower', powerClass: 2 });
    });
  }

  it("by ifName: the host's IF-MIB names lo ifIndex 1, i.e. PSE port 1/1 on a generic switch", async function () {
    await driver!.off({ switch: 'snmpd-v3aes', ifName: 'lo' });
    assert.equal(await admin(1), false);
    assert.equal((await driver!.cycle({ switch: 'snmpd-v2c', ifName: 'lo' }, FAST)).detection, 'deliveringPower');
  });

  it('cycles every powered port in parallel', async function () {
    const refs = Array.from({ length: PORTS - 1 }, (_, i) => ref('v2c', i + 1));
    const statuses = await driver!.cycleMany(refs, FAST);
    assert.deepEqual(statuses.map((s) => s.detection), Array(PORTS - 1).fill('deliveringPower'));
  });

  it('a port without a device fails its cycle at the deadline', async function () {
    await assert.rejects(driver!.cycle(ref('v2c', EMPTY), { ...FAST, onTimeoutMs: 150 }), /PoE switch snmpd-v2c port 1\/8: waiting until DetectionStatus is deliveringPower failed: deadline passed/);
  });

  it("snmpd's own refusals: noAccess for the read-only community, no answer for a wrong one", async function () {
    await assert.rejects(driver!.off(ref('ro', 4)), (e: Error) => e instanceof PoeError && e.kind === 'noAccess' && /snmpd-ro port 1\/4/.test(e.message));
    assert.equal(await admin(4), true);
    await assert.rejects(driver!.status(ref('wrong', 4)), (e: Error) => {
      assert.ok(e instanceof PoeError && e.kind === 'no answer');
      assert.match(e.message, /snmpd-wrong port 1\/4/);
      for (const secret of [WRONG, RO, RW]) assert.ok(!e.message.includes(secret));
      return true;
    });
  });

  it('the journal puts every port back', async function () {
    await driver!.off(ref('v2c', 5));
    await driver!.off(ref('v3des', 6));
    await driver!.on(ref('v3aes', 6));
    await driver!.cycle(ref('v3aes', 7), FAST);
    assert.deepEqual([await admin(5), await admin(6)], [false, true]);
    assert.deepEqual(await journal.undoAll(), []);
    assert.deepEqual([await admin(5), await admin(6), await admin(7)], [true, true, true]);
  });
});
