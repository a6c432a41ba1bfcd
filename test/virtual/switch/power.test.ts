// Port power through SNMP, as a driver will switch it: pethPsePortAdminEnable and Cisco's
// cpeExtPsePortEnable, set with Debian's snmpset; DetectionStatus, the main table and the
// 'power' event the virtual phones listen to must follow.
import assert from 'node:assert/strict';
import type { PoeSwitch } from '../../../labs/virtual/switch/index.ts';
import { switchOids as O } from '../../../labs/virtual/switch/index.ts';
import { SnmpTools, v2c } from './snmp-tools.ts';
import type { PowerEvent } from './lab-switch.ts';
import { endpointOf, nextPower, READ_COMMUNITY, recordPower, startLabSwitch, WRITE_COMMUNITY } from './lab-switch.ts';

const adminEnable = (port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, O.PethPsePortColumn.pethPsePortAdminEnable, 1, port);
const detection = (port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, O.PethPsePortColumn.pethPsePortDetectionStatus, 1, port);
const mpsAbsent = (port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, O.PethPsePortColumn.pethPsePortMPSAbsentCounter, 1, port);
const cpeEnable = (port: number): string => O.cellOid(O.CPE_EXT_PSE_PORT_ENTRY, O.CpeExtPsePortColumn.cpeExtPsePortEnable, 1, port);
const consumption = O.cellOid(O.PETH_MAIN_PSE_ENTRY, O.PethMainPseColumn.pethMainPseConsumptionPower, 1);

describe('virtual PoE switch: port power by SNMP SET', function () {
  let tools: SnmpTools;
  let sw: PoeSwitch;
  let events: PowerEvent[];
  let read: string[];
  let write: string[];

  async function values(...oids: string[]): Promise<string[]> {
    return (await tools.ok('snmpget', [...read, ...oids])).map((vb) => vb.value);
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
    read = v2c(READ_COMMUNITY, endpointOf(sw));
    write = v2c(WRITE_COMMUNITY, endpointOf(sw));
  });
  afterEach(async function () {
    await sw.close();
  });

  it('AdminEnable false(2) cuts the power at once; true(1) restores it', async function () {
    const [echo] = await tools.ok('snmpset', [...write, adminEnable(2), 'i', '2']);
    assert.equal(echo?.value, '2');
    // The phone heard it before the SET was even answered.
    assert.deepEqual(events, [{ port: { group: 1, port: 2, ifName: 'Gi1/0/2' }, on: false }]);
    assert.equal(sw.power(1, 2), false);
    assert.deepEqual(await values(adminEnable(2), detection(2), cpeEnable(2), consumption), ['2', '1', '4', '22']);

    await tools.ok('snmpset', [...write, adminEnable(2), 'i', '1']);
    assert.deepEqual(events.at(-1), { port: { group: 1, port: 2, ifName: 'Gi1/0/2' }, on: true });
    assert.deepEqual(await values(adminEnable(2), detection(2), cpeEnable(2), consumption), ['1', '3', '1', '29']);
    assert.equal(sw.detection(1, 2), 'deliveringPower');
  });

  it('cpeExtPsePortEnable disable(4) turns the port off and AdminEnable reads false; auto(1) turns it on', async function () {
    await tools.ok('snmpset', [...write, cpeEnable(1), 'i', '4']);
    assert.deepEqual(events, [{ port: { group: 1, port: 1, ifName: 'Gi1/0/1' }, on: false }]);
    assert.deepEqual(await values(cpeEnable(1), adminEnable(1), detection(1)), ['4', '2', '1']);

    await tools.ok('snmpset', [...write, cpeEnable(1), 'i', '1']);
    assert.deepEqual(events.map((e) => e.on), [false, true]);
    assert.deepEqual(await values(cpeEnable(1), adminEnable(1), detection(1)), ['1', '1', '3']);
  });

  it('static(2) and limit(3) keep an enabled port powered, without a power cycle', async function () {
    await tools.ok('snmpset', [...write, cpeEnable(3), 'i', '2']);
    await tools.ok('snmpset', [...write, cpeEnable(3), 'i', '3']);
    assert.deepEqual(events, []);
    assert.deepEqual(await values(cpeEnable(3), adminEnable(3), detection(3)), ['3', '1', '3']);
  });

  it('an enabled port with nothing plugged in keeps searching until a device appears', async function () {
    await tools.ok('snmpset', [...write, adminEnable(4), 'i', '2']);
    assert.deepEqual(await values(detection(4)), ['1']);
    await tools.ok('snmpset', [...write, adminEnable(4), 'i', '1']);
    assert.deepEqual(await values(detection(4)), ['2']);
    assert.deepEqual(events, [], 'no power without a device');

    sw.setDevice(1, 4, true);
    assert.deepEqual(events, [{ port: { group: 1, port: 4, ifName: 'Gi1/0/4' }, on: true }]);
    assert.deepEqual(await values(detection(4)), ['3']);
  });

  it('counts a powered device that disappears in pethPsePortMPSAbsentCounter', async function () {
    sw.setDevice(1, 1, false);
    assert.deepEqual(events, [{ port: { group: 1, port: 1, ifName: 'Gi1/0/1' }, on: false }]);
    assert.deepEqual(await values(detection(1), mpsAbsent(1)), ['2', '1']);
  });

  it('power-cycles several ports in one SET PDU', async function () {
    await tools.ok('snmpset', [...write, adminEnable(1), 'i', '2', adminEnable(2), 'i', '2', cpeEnable(3), 'i', '4']);
    assert.deepEqual(events.map((e) => [e.port.port, e.on]), [[1, false], [2, false], [3, false]]);
    assert.deepEqual(await values(consumption), ['0']);
    await tools.ok('snmpset', [...write, adminEnable(1), 'i', '1', adminEnable(2), 'i', '1', cpeEnable(3), 'i', '1']);
    assert.deepEqual(await values(detection(1), detection(2), detection(3), consumption), ['3', '3', '3', '29']);
  });

  it('setPower, for the lab itself, does what the SNMP SET does', async function () {
    sw.setPower(1, 3, false);
    assert.deepEqual(events, [{ port: { group: 1, port: 3, ifName: 'Gi1/0/3' }, on: false }]);
    assert.deepEqual(await values(adminEnable(3), detection(3)), ['2', '1']);
    sw.setPower(1, 3, true);
    assert.equal(sw.power(1, 3), true);
    assert.throws(() => sw.setPower(1, 9, true), /no PSE port 1\/9/);
  });
});

describe('virtual PoE switch: detection takes detectDelayMs', function () {
  let tools: SnmpTools;
  before(function () {
    tools = SnmpTools.open();
  });
  after(function () {
    tools.dispose();
  });

  it('reads searching(2) until detection ends, then deliveringPower(3) with a power-on event', async function () {
    const sw = await startLabSwitch({ detectDelayMs: 50 });
    try {
      const read = v2c(READ_COMMUNITY, endpointOf(sw));
      const write = v2c(WRITE_COMMUNITY, endpointOf(sw));
      await tools.ok('snmpset', [...write, adminEnable(2), 'i', '2']);
      const poweredAgain = nextPower(sw, 1, 2);
      await tools.ok('snmpset', [...write, adminEnable(2), 'i', '1']);
      assert.equal(await poweredAgain, true);
      const [status] = await tools.ok('snmpget', [...read, detection(2)]);
      assert.equal(status?.value, '3');
    } finally {
      await sw.close();
    }
  });

  it('holds a port in searching while detection is pending, and close() cancels it', async function () {
    const sw = await startLabSwitch({ detectDelayMs: 3_600_000 });
    const events = recordPower(sw);
    try {
      const read = v2c(READ_COMMUNITY, endpointOf(sw));
      const write = v2c(WRITE_COMMUNITY, endpointOf(sw));
      await tools.ok('snmpset', [...write, adminEnable(1), 'i', '2']);
      await tools.ok('snmpset', [...write, adminEnable(1), 'i', '1']);
      const [status] = await tools.ok('snmpget', [...read, detection(1)]);
      assert.equal(status?.value, '2');
      assert.equal(sw.power(1, 1), false);
      assert.deepEqual(events.map((e) => e.on), [false]);
    } finally {
      // The hour-long detection timer must not keep mocha alive.
      await sw.close();
    }
  });
});
