// POWER-ETHERNET-MIB pethMainPseTable: one row per PSE group (stack member), with the
// group's power budget and what its powered ports consume.
import type { Mib, MibHandler, TableColumnDefinition, TableProvider } from './net-snmp-agent.ts';
import { ObjectTypeCode, ProviderKind, snmp } from './net-snmp-agent.ts';
import { PETH_MAIN_PSE_ENTRY, PethMainPseColumn as C } from '../../../harness/formats/snmp/oids.ts';
import { PethMainPseOperStatus } from './mib-values.ts';
import type { PsePort } from './port-state.ts';
import type { ColumnWriter } from './set-handlers.ts';
import { between, integerIn } from './set-handlers.ts';

export const PETH_MAIN_TABLE = 'pethMainPseTable';

/**
 * pethMainPsePower, watts: the nominal budget of a 48-port PoE access switch. The virtual
 * switch never runs out of power; the number is there because managers read it.
 */
export const PSE_POWER_BUDGET_WATTS = 370;
/** pethMainPseUsageThreshold's starting value, percent: a lab default. */
export const DEFAULT_USAGE_THRESHOLD_PERCENT = 80;

export interface PseGroup {
  group: number;
  ports: PsePort[];
  usageThreshold: number;
}

const COLUMNS: TableColumnDefinition[] = [
  { number: C.pethMainPseGroupIndex, name: 'pethMainPseGroupIndex', type: ObjectTypeCode.Integer, maxAccess: snmp.MaxAccess['not-accessible'] },
  { number: C.pethMainPsePower, name: 'pethMainPsePower', type: ObjectTypeCode.Gauge32, maxAccess: snmp.MaxAccess['read-only'] },
  { number: C.pethMainPseOperStatus, name: 'pethMainPseOperStatus', type: ObjectTypeCode.Integer, maxAccess: snmp.MaxAccess['read-only'] },
  { number: C.pethMainPseConsumptionPower, name: 'pethMainPseConsumptionPower', type: ObjectTypeCode.Gauge32, maxAccess: snmp.MaxAccess['read-only'] },
  { number: C.pethMainPseUsageThreshold, name: 'pethMainPseUsageThreshold', type: ObjectTypeCode.Integer, maxAccess: snmp.MaxAccess['read-write'] },
];

export function pethMainProvider(handler: MibHandler): TableProvider {
  return {
    name: PETH_MAIN_TABLE,
    type: ProviderKind.Table,
    oid: PETH_MAIN_PSE_ENTRY,
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: COLUMNS,
    tableIndex: [{ columnName: 'pethMainPseGroupIndex' }],
    handler,
  };
}

/** pethMainPseConsumptionPower, watts: the sum of the group's powered ports' allocations. */
export function consumptionWatts(group: PseGroup): number {
  return Math.round(group.ports.reduce((sum, p) => sum + p.allocatedMilliwatts, 0) / 1000);
}

export function addPethMainRow(mib: Mib, group: PseGroup): void {
  mib.addTableRow(PETH_MAIN_TABLE, [
    group.group,
    PSE_POWER_BUDGET_WATTS,
    PethMainPseOperStatus.on,
    consumptionWatts(group),
    group.usageThreshold,
  ]);
}

export function writePethMainCells(mib: Mib, group: PseGroup): void {
  mib.setTableSingleCell(PETH_MAIN_TABLE, C.pethMainPseConsumptionPower, [group.group], consumptionWatts(group));
  mib.setTableSingleCell(PETH_MAIN_TABLE, C.pethMainPseUsageThreshold, [group.group], group.usageThreshold);
}

export const pethMainWriters = new Map<number, ColumnWriter<PseGroup>>([
  [
    C.pethMainPseUsageThreshold,
    {
      name: 'pethMainPseUsageThreshold',
      check: integerIn(between(1, 99)),
      apply: (value, group) => {
        group.usageThreshold = value as number;
      },
    },
  ],
]);
