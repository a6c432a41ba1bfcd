// IF-MIB: ifNumber, ifTable (ifIndex, ifDescr, ifType) and ifXTable (ifName), the port
// map a manager uses to turn "Gi1/0/3" into an ifIndex. Read-only: the virtual switch
// models power, not links.
import type { Mib, ScalarProvider, TableProvider } from './net-snmp-agent.ts';
import { ObjectTypeCode, ProviderKind, snmp } from './net-snmp-agent.ts';
import { IF_ENTRY, IF_NUMBER, IF_X_ENTRY, IfColumn, IfXColumn } from '../../../harness/formats/snmp/oids.ts';
import { IF_TYPE_ETHERNET_CSMACD } from './mib-values.ts';
import type { PsePort } from './port-state.ts';

export const IF_NUMBER_SCALAR = 'ifNumber';
export const IF_TABLE = 'ifTable';
export const IF_X_TABLE = 'ifXTable';

const RO = snmp.MaxAccess['read-only'];

export function ifMibProviders(): [ScalarProvider, TableProvider, TableProvider] {
  return [
    { name: IF_NUMBER_SCALAR, type: ProviderKind.Scalar, oid: IF_NUMBER, scalarType: ObjectTypeCode.Integer, maxAccess: RO },
    {
      name: IF_TABLE,
      type: ProviderKind.Table,
      oid: IF_ENTRY,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [
        // ifIndex is read-only in IF-MIB, so (unlike most index columns) it can be walked.
        { number: IfColumn.ifIndex, name: 'ifIndex', type: ObjectTypeCode.Integer, maxAccess: RO },
        { number: IfColumn.ifDescr, name: 'ifDescr', type: ObjectTypeCode.OctetString, maxAccess: RO },
        { number: IfColumn.ifType, name: 'ifType', type: ObjectTypeCode.Integer, maxAccess: RO },
      ],
      tableIndex: [{ columnName: 'ifIndex' }],
    },
    {
      name: IF_X_TABLE,
      type: ProviderKind.Table,
      oid: IF_X_ENTRY,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: [{ number: IfXColumn.ifName, name: 'ifName', type: ObjectTypeCode.OctetString, maxAccess: RO }],
      tableAugments: IF_TABLE,
    },
  ];
}

/** The virtual switch knows only ifName; it serves the same text as ifDescr. */
export function addIfRows(mib: Mib, ports: readonly PsePort[]): void {
  mib.setScalarValue(IF_NUMBER_SCALAR, ports.length);
  for (const port of ports) {
    mib.addTableRow(IF_TABLE, [port.ifIndex, port.ifName, IF_TYPE_ETHERNET_CSMACD]);
    mib.addTableRow(IF_X_TABLE, [port.ifIndex, port.ifName]);
  }
}
