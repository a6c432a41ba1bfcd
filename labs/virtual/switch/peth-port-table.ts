// POWER-ETHERNET-MIB pethPsePortTable: one row per PSE port, indexed by (group, port).
// Its row is a view of a PsePort; AdminEnable is the column a manager writes to cut or
// restore a port's power.
import type { Mib, MibHandler, TableColumnDefinition, TableProvider } from './net-snmp-agent.ts';
import { ObjectTypeCode, ProviderKind, snmp } from './net-snmp-agent.ts';
import { PETH_PSE_PORT_ENTRY, PethPsePortColumn as C } from '../../../harness/formats/snmp/oids.ts';
import { TruthValue, powerClassificationValue } from './mib-values.ts';
import type { PsePort } from './port-state.ts';
import type { ColumnWriter } from './set-handlers.ts';
import { between, integerIn, oneOf } from './set-handlers.ts';

export const PETH_PORT_TABLE = 'pethPsePortTable';

const RO = snmp.MaxAccess['read-only'];
const RW = snmp.MaxAccess['read-write'];
const NA = snmp.MaxAccess['not-accessible'];
const INT = ObjectTypeCode.Integer;

const COLUMNS: TableColumnDefinition[] = [
  { number: C.pethPsePortGroupIndex, name: 'pethPsePortGroupIndex', type: INT, maxAccess: NA },
  { number: C.pethPsePortIndex, name: 'pethPsePortIndex', type: INT, maxAccess: NA },
  { number: C.pethPsePortAdminEnable, name: 'pethPsePortAdminEnable', type: INT, maxAccess: RW },
  { number: C.pethPsePortPowerPairsControlAbility, name: 'pethPsePortPowerPairsControlAbility', type: INT, maxAccess: RO },
  { number: C.pethPsePortPowerPairs, name: 'pethPsePortPowerPairs', type: INT, maxAccess: RW },
  { number: C.pethPsePortDetectionStatus, name: 'pethPsePortDetectionStatus', type: INT, maxAccess: RO },
  { number: C.pethPsePortPowerPriority, name: 'pethPsePortPowerPriority', type: INT, maxAccess: RW },
  { number: C.pethPsePortMPSAbsentCounter, name: 'pethPsePortMPSAbsentCounter', type: ObjectTypeCode.Counter32, maxAccess: RO },
  { number: C.pethPsePortType, name: 'pethPsePortType', type: ObjectTypeCode.OctetString, maxAccess: RW },
  { number: C.pethPsePortPowerClassifications, name: 'pethPsePortPowerClassifications', type: INT, maxAccess: RO },
];

export function pethPortProvider(handler: MibHandler): TableProvider {
  return {
    name: PETH_PORT_TABLE,
    type: ProviderKind.Table,
    oid: PETH_PSE_PORT_ENTRY,
    maxAccess: NA,
    tableColumns: COLUMNS,
    tableIndex: [{ columnName: 'pethPsePortGroupIndex' }, { columnName: 'pethPsePortIndex' }],
    handler,
  };
}

/** A Catalyst cannot move power between pairs: the control ability is false. */
const POWER_PAIRS_CONTROLLABLE = false;

/** The cells that change with the port's state, by column. */
function dynamicCells(port: PsePort): [number, unknown][] {
  return [
    [C.pethPsePortAdminEnable, port.adminEnabled ? TruthValue.true : TruthValue.false],
    [C.pethPsePortPowerPairs, port.powerPairs],
    [C.pethPsePortDetectionStatus, port.detection],
    [C.pethPsePortPowerPriority, port.powerPriority],
    [C.pethPsePortMPSAbsentCounter, port.mpsAbsentCount],
    [C.pethPsePortType, port.portType],
    // RFC 3621: the classification only means something while power is delivered; class0 otherwise.
    [C.pethPsePortPowerClassifications, powerClassificationValue(port.delivering ? port.powerClass : 0)],
  ];
}

export function addPethPortRow(mib: Mib, port: PsePort): void {
  const cells = new Map(dynamicCells(port));
  const row = COLUMNS.map((column) => {
    if (column.number === C.pethPsePortGroupIndex) return port.group;
    if (column.number === C.pethPsePortIndex) return port.port;
    if (column.number === C.pethPsePortPowerPairsControlAbility)
      return POWER_PAIRS_CONTROLLABLE ? TruthValue.true : TruthValue.false;
    return cells.get(column.number);
  });
  mib.addTableRow(PETH_PORT_TABLE, row);
}

export function writePethPortCells(mib: Mib, port: PsePort): void {
  for (const [column, value] of dynamicCells(port)) {
    mib.setTableSingleCell(PETH_PORT_TABLE, column, [port.group, port.port], value);
  }
}

/** SnmpAdminString (pethPsePortType's syntax) is at most 255 octets. */
const MAX_PORT_TYPE_OCTETS = 255;

export const pethPortWriters = new Map<number, ColumnWriter<PsePort>>([
  [
    C.pethPsePortAdminEnable,
    {
      name: 'pethPsePortAdminEnable',
      check: integerIn(oneOf(TruthValue.true, TruthValue.false)),
      apply: (value, port) => port.setAdminEnable(value === TruthValue.true),
    },
  ],
  [
    C.pethPsePortPowerPairs,
    {
      name: 'pethPsePortPowerPairs',
      check: (value, port) => {
        const wrong = integerIn(oneOf(1, 2))(value);
        if (wrong !== undefined) return wrong;
        // A valid pair set this PSE cannot switch to: acceptable on another PSE, so
        // inconsistentValue rather than wrongValue.
        if (!POWER_PAIRS_CONTROLLABLE && value !== port.powerPairs) return snmp.ErrorStatus.InconsistentValue;
        return undefined;
      },
      apply: (value, port) => {
        port.powerPairs = value as number;
      },
    },
  ],
  [
    C.pethPsePortPowerPriority,
    {
      name: 'pethPsePortPowerPriority',
      check: integerIn(between(1, 3)),
      apply: (value, port) => {
        port.powerPriority = value as number;
      },
    },
  ],
  [
    C.pethPsePortType,
    {
      name: 'pethPsePortType',
      check: (value) =>
        typeof value === 'string' && Buffer.byteLength(value) <= MAX_PORT_TYPE_OCTETS
          ? undefined
          : snmp.ErrorStatus.WrongLength,
      apply: (value, port) => {
        port.portType = value as string;
      },
    },
  ],
]);

