// CISCO-POWER-ETHERNET-EXT-MIB cpeExtPsePortTable: AUGMENTS pethPsePortEntry, so each
// row shares its PSE port's (group, port) index. cpeExtPsePortEnable is IOS's `power
// inline auto|static|...|never`: writing disable(4) cuts the port's power and makes
// pethPsePortAdminEnable read false; auto/static/limit power it again. The port's
// cpeExtPsePortEntPhyIndex leads to its ifIndex through ENTITY-MIB (entity-mib.ts).
import type { Mib, MibHandler, TableColumnDefinition, TableProvider } from './net-snmp-agent.ts';
import { ObjectTypeCode, ProviderKind, snmp } from './net-snmp-agent.ts';
import { CPE_EXT_PSE_PORT_ENTRY, CpeExtPsePortColumn as C } from '../../../harness/formats/snmp/oids.ts';
import { CpeExtPsePortEnable, TruthValue } from './mib-values.ts';
import type { CpeExtPsePortEnableValue } from './mib-values.ts';
import type { PsePort } from './port-state.ts';
import type { ColumnWriter } from './set-handlers.ts';
import { between, integerIn } from './set-handlers.ts';
import { PETH_PORT_TABLE } from './peth-port-table.ts';

export const CPE_EXT_PORT_TABLE = 'cpeExtPsePortTable';

const RO = snmp.MaxAccess['read-only'];

const COLUMNS: TableColumnDefinition[] = [
  { number: C.cpeExtPsePortEnable, name: 'cpeExtPsePortEnable', type: ObjectTypeCode.Integer, maxAccess: snmp.MaxAccess['read-write'] },
  { number: C.cpeExtPsePortDeviceDetected, name: 'cpeExtPsePortDeviceDetected', type: ObjectTypeCode.Integer, maxAccess: RO },
  { number: C.cpeExtPsePortPwrAllocated, name: 'cpeExtPsePortPwrAllocated', type: ObjectTypeCode.Gauge32, maxAccess: RO },
  { number: C.cpeExtPsePortPwrConsumption, name: 'cpeExtPsePortPwrConsumption', type: ObjectTypeCode.Gauge32, maxAccess: RO },
  { number: C.cpeExtPsePortEntPhyIndex, name: 'cpeExtPsePortEntPhyIndex', type: ObjectTypeCode.Integer, maxAccess: RO },
];

/** Must be registered after the pethPsePortTable provider, whose index it borrows. */
export function ciscoExtProvider(handler: MibHandler): TableProvider {
  return {
    name: CPE_EXT_PORT_TABLE,
    type: ProviderKind.Table,
    oid: CPE_EXT_PSE_PORT_ENTRY,
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: COLUMNS,
    tableAugments: PETH_PORT_TABLE,
    handler,
  };
}

function dynamicCells(port: PsePort): [number, unknown][] {
  return [
    [C.cpeExtPsePortEnable, port.mode],
    [C.cpeExtPsePortDeviceDetected, port.delivering ? TruthValue.true : TruthValue.false],
    [C.cpeExtPsePortPwrAllocated, port.allocatedMilliwatts],
    [C.cpeExtPsePortPwrConsumption, port.allocatedMilliwatts],
  ];
}

export function addCiscoExtRow(mib: Mib, port: PsePort, entPhysicalIndex: number): void {
  const cells = new Map(dynamicCells(port));
  const values = COLUMNS.map((column) =>
    column.number === C.cpeExtPsePortEntPhyIndex ? entPhysicalIndex : cells.get(column.number),
  );
  // An augmenting table's row starts with the borrowed index values.
  mib.addTableRow(CPE_EXT_PORT_TABLE, [port.group, port.port, ...values]);
}

export function writeCiscoExtCells(mib: Mib, port: PsePort): void {
  for (const [column, value] of dynamicCells(port)) {
    mib.setTableSingleCell(CPE_EXT_PORT_TABLE, column, [port.group, port.port], value);
  }
}

export const ciscoExtWriters = new Map<number, ColumnWriter<PsePort>>([
  [
    C.cpeExtPsePortEnable,
    {
      name: 'cpeExtPsePortEnable',
      check: integerIn(between(CpeExtPsePortEnable.auto, CpeExtPsePortEnable.disable)),
      apply: (value, port) => port.setMode(value as CpeExtPsePortEnableValue),
    },
  ],
]);
