// What the virtual switch refuses, and how, as Debian's tools see it: a wrong community
// gets no answer at all; a read-only community or user cannot SET; bad values, read-only
// objects and rows that do not exist get the RFC 3416 error a real agent gives. A refused
// PDU changes nothing, not even its valid varbinds.
import assert from 'node:assert/strict';
import type { PoeSwitch } from '../../../labs/virtual/switch/index.ts';
import { switchOids as O } from '../../../labs/virtual/switch/index.ts';
import { SnmpTools, v2c } from './snmp-tools.ts';
import type { ToolRun } from './snmp-tools.ts';
import type { PowerEvent } from './lab-switch.ts';
import { endpointOf, READ_COMMUNITY, recordPower, startLabSwitch, WRITE_COMMUNITY } from './lab-switch.ts';

const C = O.PethPsePortColumn;
const peth = (column: number, port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, column, 1, port);
const cpeEnable = (port: number): string => O.cellOid(O.CPE_EXT_PSE_PORT_ENTRY, O.CpeExtPsePortColumn.cpeExtPsePortEnable, 1, port);
/** Fail fast when no answer is expected: half a second, no retry. */
const NO_WAIT = ['-t', '0.5', '-r', '0'];

function assertSnmpError(run: ToolRun, reason: string, failedOid: string): void {
  assert.notEqual(run.code, 0, `expected ${reason}, got success:\n${run.stdout}`);
  assert.match(run.stderr, new RegExp(`Reason: ${reason}\\b`), run.stderr);
  assert.match(run.stderr, new RegExp(`Failed object: \\.${failedOid.replaceAll('.', '\\.')}\\s`), run.stderr);
}

describe('virtual PoE switch: refusals', function () {
  let tools: SnmpTools;
  let sw: PoeSwitch;
  let events: PowerEvent[];
  let endpoint: string;
  let write: string[];

  /** Every port's AdminEnable and DetectionStatus, to show a refused SET changed nothing. */
  async function portStates(): Promise<string[]> {
    const oids = [1, 2, 3, 4].flatMap((p) => [peth(C.pethPsePortAdminEnable, p), peth(C.pethPsePortDetectionStatus, p)]);
    return (await tools.ok('snmpget', [...v2c(READ_COMMUNITY, endpoint), ...oids])).map((vb) => vb.value);
  }

  before(function () {
    tools = SnmpTools.open();
  });
  after(function () {
    tools.dispose();
  });
  beforeEach(async function () {
    sw = await startLabSwitch();
    events = recordPower(sw);
    endpoint = endpointOf(sw);
    write = v2c(WRITE_COMMUNITY, endpoint);
  });
  afterEach(async function () {
    await sw.close();
  });

  describe('communities (v2c)', function () {
    it('drops a request with a wrong community without answering', async function () {
      const get = await tools.run('snmpget', [...NO_WAIT, ...v2c('not-a-community', endpoint), O.scalarOid(O.SYSTEM.sysName)]);
      assert.notEqual(get.code, 0);
      assert.match(get.stderr, /Timeout: No Response/);
      const set = await tools.run('snmpset', [...NO_WAIT, ...v2c('not-a-community', endpoint), peth(C.pethPsePortAdminEnable, 1), 'i', '2']);
      assert.match(set.stderr, /Timeout: No Response/);
      assert.deepEqual(events, []);
    });

    it('refuses a SET with the read-only community: noAccess', async function () {
      const before = await portStates();
      const run = await tools.run('snmpset', [...v2c(READ_COMMUNITY, endpoint), peth(C.pethPsePortAdminEnable, 1), 'i', '2']);
      assertSnmpError(run, 'noAccess', peth(C.pethPsePortAdminEnable, 1));
      assert.deepEqual(await portStates(), before);
      assert.deepEqual(events, []);
    });
  });

  describe('values', function () {
    it('wrongValue for a value outside the enumeration or range', async function () {
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortAdminEnable, 1), 'i', '3']), 'wrongValue', peth(C.pethPsePortAdminEnable, 1));
      assertSnmpError(await tools.run('snmpset', [...write, cpeEnable(2), 'i', '5']), 'wrongValue', cpeEnable(2));
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortPowerPriority, 2), 'i', '0']), 'wrongValue', peth(C.pethPsePortPowerPriority, 2));
      const threshold = O.cellOid(O.PETH_MAIN_PSE_ENTRY, O.PethMainPseColumn.pethMainPseUsageThreshold, 1);
      assertSnmpError(await tools.run('snmpset', [...write, threshold, 'i', '100']), 'wrongValue', threshold);
      assert.deepEqual(events, []);
    });

    it('wrongType for a value of another ASN.1 type', async function () {
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortAdminEnable, 1), 'u', '2']), 'wrongType', peth(C.pethPsePortAdminEnable, 1));
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortAdminEnable, 1), 's', '2']), 'wrongType', peth(C.pethPsePortAdminEnable, 1));
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortType, 1), 'i', '2']), 'wrongType', peth(C.pethPsePortType, 1));
      assert.deepEqual(events, []);
    });

    it('inconsistentValue for power pairs this PSE cannot switch, and for contradictory varbinds', async function () {
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortPowerPairs, 1), 'i', '2']), 'inconsistentValue', peth(C.pethPsePortPowerPairs, 1));
      // The value the PSE already uses is fine.
      await tools.ok('snmpset', [...write, peth(C.pethPsePortPowerPairs, 1), 'i', '1']);
      const before = await portStates();
      const run = await tools.run('snmpset', [...write, peth(C.pethPsePortAdminEnable, 2), 'i', '2', cpeEnable(2), 'i', '1']);
      assertSnmpError(run, 'inconsistentValue', cpeEnable(2));
      assert.deepEqual(await portStates(), before);
      assert.deepEqual(events, []);
    });

    it('applies nothing of a PDU when one varbind is refused', async function () {
      const before = await portStates();
      const run = await tools.run('snmpset', [...write, peth(C.pethPsePortAdminEnable, 1), 'i', '2', peth(C.pethPsePortAdminEnable, 2), 'i', '9']);
      assertSnmpError(run, 'wrongValue', peth(C.pethPsePortAdminEnable, 2));
      assert.deepEqual(await portStates(), before);
      assert.deepEqual(events, []);
    });
  });

  describe('objects', function () {
    it('notWritable for a read-only column and for an object the switch does not have', async function () {
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortDetectionStatus, 1), 'i', '1']), 'notWritable', peth(C.pethPsePortDetectionStatus, 1));
      assertSnmpError(await tools.run('snmpset', [...write, O.scalarOid(O.SYSTEM.sysName), 's', 'x']), 'notWritable', O.scalarOid(O.SYSTEM.sysName));
      assertSnmpError(await tools.run('snmpset', [...write, '1.3.6.1.4.1.99999.1.0', 'i', '1']), 'notWritable', '1.3.6.1.4.1.99999.1.0');
    });

    it('noCreation for a PSE port that does not exist', async function () {
      assertSnmpError(await tools.run('snmpset', [...write, peth(C.pethPsePortAdminEnable, 48), 'i', '2']), 'noCreation', peth(C.pethPsePortAdminEnable, 48));
    });

    it('answers a GET of a missing port with noSuchInstance', async function () {
      const [vb] = await tools.ok('snmpget', [...v2c(READ_COMMUNITY, endpoint), peth(C.pethPsePortDetectionStatus, 48)]);
      assert.match(vb?.value ?? '', /No Such Instance/);
    });
  });

  describe('SNMPv3 users', function () {
    const sysName = O.scalarOid(O.SYSTEM.sysName);
    const admin = ['-v3', '-l', 'authPriv', '-u', 'poe-admin', '-a', 'SHA', '-A', 'admin-auth-key', '-x', 'AES', '-X', 'admin-priv-key'];

    it('serves and obeys an authPriv user (SHA/AES)', async function () {
      const [name] = await tools.ok('snmpget', [...admin, endpoint, sysName]);
      assert.equal(name?.value, 'branch-poe-1');
      await tools.ok('snmpset', [...admin, endpoint, peth(C.pethPsePortAdminEnable, 3), 'i', '2']);
      assert.deepEqual(events.map((e) => [e.port.port, e.on]), [[3, false]]);
    });

    it('serves an authPriv user with MD5/DES', async function () {
      const legacy = ['-v3', '-l', 'authPriv', '-u', 'poe-legacy', '-a', 'MD5', '-A', 'legacy-auth-key', '-x', 'DES', '-X', 'legacy-priv-key'];
      await tools.ok('snmpset', [...legacy, endpoint, cpeEnable(1), 'i', '4']);
      assert.equal(sw.power(1, 1), false);
    });

    it('gives nothing to a wrong authentication key or a wrong privacy key', async function () {
      const wrongAuth = admin.map((a) => (a === 'admin-auth-key' ? 'not-the-auth-key' : a));
      const wrongPriv = admin.map((a) => (a === 'admin-priv-key' ? 'not-the-priv-key' : a));
      for (const args of [wrongAuth, wrongPriv]) {
        const run = await tools.run('snmpset', [...NO_WAIT, ...args, endpoint, peth(C.pethPsePortAdminEnable, 1), 'i', '2']);
        assert.notEqual(run.code, 0);
        assert.doesNotMatch(run.stdout, /INTEGER/);
      }
      assert.deepEqual(events, []);
    });

    it('reports an unknown user', async function () {
      const run = await tools.run('snmpget', [...NO_WAIT, '-v3', '-l', 'authNoPriv', '-u', 'nobody', '-a', 'SHA', '-A', 'whatever-key', endpoint, sysName]);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /Unknown user name/);
    });

    it('lets a read-only user read, and refuses its SET: authorizationError', async function () {
      const viewer = ['-v3', '-l', 'authNoPriv', '-u', 'poe-viewer', '-a', 'SHA', '-A', 'viewer-auth-key', endpoint];
      const [status] = await tools.ok('snmpget', [...viewer, peth(C.pethPsePortDetectionStatus, 1)]);
      assert.equal(status?.value, '3');
      assertSnmpError(await tools.run('snmpset', [...viewer, peth(C.pethPsePortAdminEnable, 1), 'i', '2']), 'authorizationError', peth(C.pethPsePortAdminEnable, 1));
      assert.deepEqual(events, []);
    });
  });
});
