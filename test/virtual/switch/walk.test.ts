// What a person or a driver reads from the virtual PoE switch with Debian's snmpwalk and
// snmpget: the PoE tables, the port map (IF-MIB and the Cisco ENTITY-MIB path), the
// system group.
import assert from 'node:assert/strict';
import type { PoeSwitch } from '../../../labs/virtual/switch/index.ts';
import { switchOids as O } from '../../../labs/virtual/switch/index.ts';
import { SnmpTools, v2c } from './snmp-tools.ts';
import type { ToolVarbind } from './snmp-tools.ts';
import { endpointOf, READ_COMMUNITY, startLabSwitch } from './lab-switch.ts';

/** Column -> (index -> value) of a walked table, e.g. cells.get(6)?.get('1.2'). */
function byColumn(entry: string, varbinds: ToolVarbind[]): Map<number, Map<string, string>> {
  const cells = new Map<number, Map<string, string>>();
  for (const vb of varbinds) {
    if (!vb.oid.startsWith(`${entry}.`)) continue;
    const [column, ...index] = vb.oid.slice(entry.length + 1).split('.');
    const col = Number(column);
    if (!cells.has(col)) cells.set(col, new Map());
    cells.get(col)?.set(index.join('.'), vb.value);
  }
  return cells;
}

describe('virtual PoE switch: walked with Debian snmpwalk', function () {
  let tools: SnmpTools;
  let sw: PoeSwitch;
  let read: string[];

  before(async function () {
    tools = SnmpTools.open();
    sw = await startLabSwitch();
    read = v2c(READ_COMMUNITY, endpointOf(sw));
  });

  after(async function () {
    await sw.close();
    tools.dispose();
  });

  it('serves pethPsePortTable with one row per PSE port and the state of each', async function () {
    const walked = await tools.ok('snmpwalk', [...read, O.PETH_PSE_PORT_ENTRY]);
    const cells = byColumn(O.PETH_PSE_PORT_ENTRY, walked);
    const C = O.PethPsePortColumn;
    const rows = ['1.1', '1.2', '1.3', '1.4'];
    // The index columns are not-accessible: a walk never shows them.
    assert.equal(cells.has(C.pethPsePortGroupIndex), false);
    assert.equal(cells.has(C.pethPsePortIndex), false);
    assert.deepEqual([...(cells.get(C.pethPsePortAdminEnable)?.keys() ?? [])], rows);
    assert.deepEqual([...(cells.get(C.pethPsePortAdminEnable)?.values() ?? [])], ['1', '1', '1', '1']);
    assert.deepEqual([...(cells.get(C.pethPsePortPowerPairsControlAbility)?.values() ?? [])], ['2', '2', '2', '2']);
    // Ports 1-3 power their phones; port 4 has nothing plugged in and keeps searching.
    assert.deepEqual([...(cells.get(C.pethPsePortDetectionStatus)?.values() ?? [])], ['3', '3', '3', '2']);
    // class2 = 3 (ports 1, 2), class3 = 4 (port 3), class0 = 1 while nothing is powered.
    assert.deepEqual([...(cells.get(C.pethPsePortPowerClassifications)?.values() ?? [])], ['3', '3', '4', '1']);
    assert.deepEqual([...(cells.get(C.pethPsePortMPSAbsentCounter)?.values() ?? [])], ['0', '0', '0', '0']);
    const typeOf = walked.find((vb) => vb.oid === O.cellOid(O.PETH_PSE_PORT_ENTRY, C.pethPsePortMPSAbsentCounter, 1, 1));
    assert.equal(typeOf?.type, 'Counter32');
  });

  it('serves pethMainPseTable: budget, status and what the powered ports consume', async function () {
    const walked = await tools.ok('snmpwalk', [...read, O.PETH_MAIN_PSE_ENTRY]);
    const cells = byColumn(O.PETH_MAIN_PSE_ENTRY, walked);
    const C = O.PethMainPseColumn;
    assert.equal(cells.get(C.pethMainPsePower)?.get('1'), '370');
    assert.equal(cells.get(C.pethMainPseOperStatus)?.get('1'), '1');
    // 7 W + 7 W + 15.4 W allocated to the three powered ports.
    assert.equal(cells.get(C.pethMainPseConsumptionPower)?.get('1'), '29');
    assert.equal(cells.get(C.pethMainPseUsageThreshold)?.get('1'), '80');
  });

  it('maps ifIndex to ifName through IF-MIB ifTable and ifXTable', async function () {
    const ifIndex = await tools.ok('snmpwalk', [...read, `${O.IF_ENTRY}.${O.IfColumn.ifIndex}`]);
    assert.deepEqual(
      ifIndex.map((vb) => vb.value),
      ['10101', '10102', '10103', '10104'],
    );
    const ifName = await tools.ok('snmpwalk', [...read, `${O.IF_X_ENTRY}.${O.IfXColumn.ifName}`]);
    assert.deepEqual(
      ifName.map((vb) => [vb.oid.split('.').at(-1), vb.value]),
      [
        ['10101', 'Gi1/0/1'],
        ['10102', 'Gi1/0/2'],
        ['10103', 'Gi1/0/3'],
        ['10104', 'Gi1/0/4'],
      ],
    );
    const [ifNumber] = await tools.ok('snmpget', [...read, O.scalarOid(O.IF_NUMBER)]);
    assert.equal(ifNumber?.value, '4');
  });

  it('leads from a PSE port to its interface the Cisco way: EntPhyIndex -> ENTITY-MIB alias -> ifIndex', async function () {
    const [entPhy] = await tools.ok('snmpget', [
      ...read,
      O.cellOid(O.CPE_EXT_PSE_PORT_ENTRY, O.CpeExtPsePortColumn.cpeExtPsePortEntPhyIndex, 1, 3),
    ]);
    assert.ok(entPhy !== undefined && /^\d+$/.test(entPhy.value), 'cpeExtPsePortEntPhyIndex is a number');
    const [alias, name] = await tools.ok('snmpget', [
      ...read,
      O.cellOid(O.ENT_ALIAS_MAPPING_ENTRY, O.EntAliasMappingColumn.entAliasMappingIdentifier, Number(entPhy.value), 0),
      O.cellOid(O.ENT_PHYSICAL_ENTRY, O.EntPhysicalColumn.entPhysicalName, Number(entPhy.value)),
    ]);
    assert.equal(alias?.type, 'OID');
    assert.equal(alias?.value, `.${O.cellOid(O.IF_ENTRY, O.IfColumn.ifIndex, 10103)}`);
    assert.equal(name?.value, 'Gi1/0/3');
  });

  it('serves cpeExtPsePortTable over the same (group, port) index', async function () {
    const walked = await tools.ok('snmpwalk', [...read, O.CPE_EXT_PSE_PORT_ENTRY]);
    const cells = byColumn(O.CPE_EXT_PSE_PORT_ENTRY, walked);
    const C = O.CpeExtPsePortColumn;
    assert.deepEqual([...(cells.get(C.cpeExtPsePortEnable)?.entries() ?? [])], [
      ['1.1', '1'],
      ['1.2', '1'],
      ['1.3', '1'],
      ['1.4', '1'],
    ]);
    assert.deepEqual([...(cells.get(C.cpeExtPsePortDeviceDetected)?.values() ?? [])], ['1', '1', '1', '2']);
    assert.deepEqual([...(cells.get(C.cpeExtPsePortPwrAllocated)?.values() ?? [])], ['7000', '7000', '15400', '0']);
  });

  it('answers the system group', async function () {
    const got = await tools.ok('snmpget', [
      ...read,
      O.scalarOid(O.SYSTEM.sysName),
      O.scalarOid(O.SYSTEM.sysObjectID),
      O.scalarOid(O.SYSTEM.sysUpTime),
      O.scalarOid(O.SYSTEM.sysDescr),
    ]);
    assert.deepEqual(
      got.map((vb) => vb.type),
      ['STRING', 'OID', 'Timeticks', 'STRING'],
    );
    assert.equal(got[0]?.value, 'branch-poe-1');
    assert.ok(got[1]?.value.startsWith('.1.3.6.1.4.1.9.'), 'sysObjectID is under Cisco enterprises');
  });

  it('ends a GetBulk walk of the last subtree with a single end-of-MIB varbind', async function () {
    const walked = await tools.ok('snmpbulkwalk', [...read, O.CPE_EXT_PSE_PORT_ENTRY]);
    const endOfMib = walked.filter((vb) => vb.value.startsWith('No more variables'));
    assert.ok(endOfMib.length <= 1, `end-of-MIB repeated ${endOfMib.length} times`);
    assert.equal(walked.length - endOfMib.length, 4 * 5, 'five columns of four rows');
  });

  it('walks the whole MIB with GetNext and GetBulk alike', async function () {
    const next = (await tools.ok('snmpwalk', [...read, '1.3.6.1'])).filter((vb) => vb.type !== '');
    const bulk = (await tools.ok('snmpbulkwalk', ['-Cr7', ...read, '1.3.6.1'])).filter((vb) => vb.type !== '');
    assert.deepEqual(
      bulk.filter((vb) => !vb.oid.startsWith(O.SYSTEM.sysUpTime)),
      next.filter((vb) => !vb.oid.startsWith(O.SYSTEM.sysUpTime)),
    );
  });
});
