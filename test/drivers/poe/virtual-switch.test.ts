// The PoE driver against the virtual switch: both backends, v2c and v3 authPriv (SHA/AES,
// SHA/DES), ports by group/port, ifName and phone name, 48 ports cycled at once, the
// errors a lab misconfiguration produces, and the journal putting every port back.
import assert from 'node:assert/strict';
import * as snmp from 'net-snmp';
import type { PoeSwitch } from '../../../labs/virtual/switch/index.ts';
import { switchOids as O } from '../../../labs/virtual/switch/index.ts';
import type { TeardownJournal } from '../../../harness/lab/journal.ts';
import { JournalError } from '../../../harness/lab/journal.ts';
import type { PoeDriver } from '../../../drivers/poe/index.ts';
import { createPoeDriver, PoeError } from '../../../drivers/poe/index.ts';
import { EMPTY_PORT, journalFor, labOf, phone, RO, RW, startSwitch, switchEntry, WAYS, WRONG } from './virtual-lab.ts';

const BACKENDS = [
  { base: 'generic', backend: 'poe_mib' },
  { base: 'catalyst', backend: 'cisco_ext' },
] as const;

const FAST = { holdMs: 50, pollMs: 10 };

describe('PoE driver: virtual switch', function () {
  let agents: Record<'generic' | 'catalyst', PoeSwitch>;
  let driver: PoeDriver;
  let journal: TeardownJournal;
  let dispose: () => Promise<void>;
  let events: string[];
  // Power events of one port: an undo of the test before may still be powering another up.
  const ofPort = (port: number) => events.filter((e) => e.endsWith(` ${port} on`) || e.endsWith(` ${port} off`));

  before(async function () {
    // ifIndex = port on the generic switch; Catalyst-style 10101.. on the other.
    agents = { generic: await startSwitch('generic', 0), catalyst: await startSwitch('catalyst', 10100) };
    const entries = BACKENDS.flatMap(({ base }) => WAYS.map((way) => switchEntry(base, way, agents[base].port)));
    entries.push(switchEntry('generic', 'ro', agents.generic.port), switchEntry('generic', 'wrong', agents.generic.port));
    const backends = Object.fromEntries(WAYS.map((way) => [`catalyst-${way}`, 'cisco_ext' as const]));
    const phones = [phone('SEP0250F5A10007', { switch: 'generic-v2c', group: 1, port: 7 }), phone('SEP0250F5A10008', { switch: 'catalyst-v3aes', ifName: 'Gi1/0/8' })];
    driver = await createPoeDriver(labOf(entries, phones), { backends });
    for (const [base, sw] of Object.entries(agents)) sw.on('power', (p, on) => events.push(`${base} ${p.port} ${on ? 'on' : 'off'}`));
  });

  beforeEach(async function () {
    events = [];
    ({ journal, dispose } = await journalFor(driver));
  });

  afterEach(async function () {
    // Every test's changes are undone by the journal: that is also what keeps tests apart.
    const failures = await journal.undoAll();
    await dispose();
    assert.deepEqual(failures.map((f) => f.error.message), []);
  });

  after(async function () {
    driver?.close();
    await Promise.all(Object.values(agents ?? {}).map((sw) => sw.close()));
  });

  for (const { base, backend } of BACKENDS) {
    for (const way of WAYS) {
      const name = `${base}-${way}`;

      it(`${backend} over ${way}: off, status, on by group/port`, async function () {
        const sw = agents[base];
        await driver.off({ switch: name, group: 1, port: 3 });
        assert.equal(sw.power(1, 3), false);
        assert.deepEqual(await driver.status({ switch: name, group: 1, port: 3 }), { admin: false, detection: 'disabled' });
        await driver.on({ switch: name, group: 1, port: 3 });
        const status = await driver.status({ switch: name, group: 1, port: 3 });
        assert.equal(status.admin, true);
        assert.ok(['searching', 'deliveringPower'].includes(status.detection), status.detection);
        assert.deepEqual(ofPort(3), [`${base} 3 off`, ...(sw.power(1, 3) ? [`${base} 3 on`] : [])]);
      });

      it(`${backend} over ${way}: cycle by ifName`, async function () {
        const status = await driver.cycle({ switch: name, ifName: 'Gi1/0/5' }, FAST);
        assert.deepEqual(status, { admin: true, detection: 'deliveringPower', powerClass: 2 });
        assert.deepEqual(ofPort(5), [`${base} 5 off`, `${base} 5 on`]);
      });
    }
  }

  it('resolves ports by phone name (group/port on one switch, ifName through ENTITY-MIB on the other)', async function () {
    const statuses = await driver.cycleMany(['SEP0250F5A10007', 'sep0250f5a10008'], FAST);
    assert.deepEqual(statuses.map((s) => s.detection), ['deliveringPower', 'deliveringPower']);
    assert.deepEqual([...ofPort(7), ...ofPort(8)].sort(), ['catalyst 8 off', 'catalyst 8 on', 'generic 7 off', 'generic 7 on']);
  });

  it('cycles 48 ports in parallel', async function () {
    const ports = Array.from({ length: 48 }, (_, i) => ({ switch: 'generic-v2c', group: 1, port: i + 1 }));
    const statuses = await driver.cycleMany(ports, FAST);
    assert.equal(statuses.filter((s) => s.detection === 'deliveringPower').length, 48);
    for (let p = 1; p <= 48; p++) {
      assert.deepEqual(events.filter((e) => e === `generic ${p} off` || e === `generic ${p} on`), [`generic ${p} off`, `generic ${p} on`]);
      assert.equal(agents.generic.power(1, p), true);
    }
    assert.equal(journal.pending().length, 48);
  });

  it('a port that never powers its device fails its cycle at the deadline, naming switch and port', async function () {
    await assert.rejects(driver.cycle({ switch: 'generic-v2c', group: 1, port: EMPTY_PORT }, { ...FAST, onTimeoutMs: 200 }), (e: Error) => {
      assert.ok(e instanceof PoeError);
      assert.match(e.message, /PoE switch generic-v2c port 1\/49: waiting until DetectionStatus is deliveringPower failed: deadline passed .*searching/);
      return true;
    });
  });

  it('a wrong community: no answer, an error naming switch and port, never the community', async function () {
    await assert.rejects(driver.status({ switch: 'generic-wrong', group: 1, port: 3 }), (e: Error) => {
      assert.ok(e instanceof PoeError);
      assert.equal(e.kind, 'no answer');
      assert.match(e.message, /^PoE switch generic-wrong port 1\/3: GET .* failed: no answer/);
      for (const secret of [WRONG, RO, RW]) assert.ok(!e.message.includes(secret));
      return true;
    });
  });

  it('a read-only community: noAccess, and the port keeps its power', async function () {
    await assert.rejects(driver.off({ switch: 'generic-ro', group: 1, port: 4 }), (e: Error) => {
      assert.ok(e instanceof PoeError);
      assert.equal(e.kind, 'noAccess');
      assert.match(e.message, /^PoE switch generic-ro port 1\/4: SET pethPsePortAdminEnable=2 failed: noAccess/);
      return true;
    });
    assert.equal(agents.generic.power(1, 4), true);
    // The step was journaled before the refused SET; undoing it (afterEach) must not write.
    assert.equal(journal.pending().length, 1);
  });

  it('an unknown interface name is an error naming it', async function () {
    await assert.rejects(driver.on({ switch: 'catalyst-v2c', ifName: 'Gi9/0/9' }), /PoE switch catalyst-v2c port Gi9\/0\/9: .*no such interface/);
  });

  it('refuses a change when no journal is attached', async function () {
    const bare = await createPoeDriver(labOf([switchEntry('generic', 'v2c', agents.generic.port)]));
    try {
      await assert.rejects(bare.off({ switch: 'generic-v2c', group: 1, port: 6 }), JournalError);
      assert.equal(agents.generic.power(1, 6), true);
    } finally {
      bare.close();
    }
  });

  it('the journal puts every port back as it was (on, off, and a Catalyst static port)', async function () {
    const sw = agents.generic;
    sw.setPower(1, 11, false);
    await setCiscoMode(agents.catalyst, 12, 2); // static(2): IOS `power inline static`
    try {
      await driver.off({ switch: 'generic-v2c', group: 1, port: 10 });
      await driver.on({ switch: 'generic-v3aes', group: 1, port: 11 });
      await driver.cycle({ switch: 'catalyst-v3des', group: 1, port: 12 }, FAST);
      assert.equal(await ciscoMode(agents.catalyst, 12), 2, 'a cycle brings a static port back static');
      await driver.off({ switch: 'catalyst-v2c', ifName: 'Gi1/0/12' });
      const admin = async (name: string, port: number) => (await driver.status({ switch: name, group: 1, port })).admin;
      assert.deepEqual([await admin('generic-v2c', 10), await admin('generic-v2c', 11), await admin('catalyst-v2c', 12)], [false, true, false]);
      assert.equal(journal.pending().length, 4);

      assert.deepEqual(await journal.undoAll(), []);
      assert.deepEqual([await admin('generic-v2c', 10), await admin('generic-v2c', 11)], [true, false]);
      assert.equal(await ciscoMode(agents.catalyst, 12), 2);
    } finally {
      sw.setPower(1, 11, true);
      await setCiscoMode(agents.catalyst, 12, 1);
    }
  });
});

// Raw SNMP to the Catalyst twin, to set up and read what the driver's API does not show.
function rawSession(sw: PoeSwitch): snmp.Session {
  return snmp.createSession(sw.address, RW, { port: sw.port, version: snmp.Version2c, retries: 0, timeout: 2000 });
}
const enableOid = (port: number) => O.cellOid(O.CPE_EXT_PSE_PORT_ENTRY, O.CpeExtPsePortColumn.cpeExtPsePortEnable, 1, port);

function setCiscoMode(sw: PoeSwitch, port: number, mode: number): Promise<void> {
  const session = rawSession(sw);
  return new Promise<void>((resolve, reject) => {
    session.set([{ oid: enableOid(port), type: snmp.ObjectType.Integer, value: mode }], (error) => (error === null ? resolve() : reject(error)));
  }).finally(() => session.close());
}

function ciscoMode(sw: PoeSwitch, port: number): Promise<unknown> {
  const session = rawSession(sw);
  return new Promise<unknown>((resolve, reject) => {
    session.get([enableOid(port)], (error, vbs) => (error === null ? resolve(vbs?.[0]?.value) : reject(error)));
  }).finally(() => session.close());
}
