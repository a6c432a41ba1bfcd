// ENTITY-MIB, just enough for the Cisco way from a PSE port to its interface:
// cpeExtPsePortEntPhyIndex -> entPhysicalEntry (a port entity named like the interface)
// -> entAliasMappingIdentifier = IF-MIB ifIndex.<n>. A chassis entity (index 1) contains
// the port entities, as on a real switch.
import type { Mib, TableProvider } from './net-snmp-agent.ts';
import { ObjectTypeCode, ProviderKind, snmp } from './net-snmp-agent.ts';
import { ENT_ALIAS_MAPPING_ENTRY, ENT_PHYSICAL_ENTRY, EntAliasMappingColumn, EntPhysicalColumn, IF_ENTRY, IfColumn, cellOid } from '../../../harness/formats/snmp/oids.ts';
import { EntPhysicalClass } from './mib-values.ts';
import type { PsePort } from './port-state.ts';

export const ENT_PHYSICAL_TABLE = 'entPhysicalTable';
export const ENT_ALIAS_MAPPING_TABLE = 'entAliasMappingTable';

const CHASSIS_INDEX = 1;
/** Port entities are numbered from here on, in the lab's port order. */
const FIRST_PORT_ENTITY_INDEX = 1001;

const RO = snmp.MaxAccess['read-only'];
const NA = snmp.MaxAccess['not-accessible'];

export function entityMibProviders(): [TableProvider, TableProvider] {
  return [
    {
      name: ENT_PHYSICAL_TABLE,
      type: ProviderKind.Table,
      oid: ENT_PHYSICAL_ENTRY,
      maxAccess: NA,
      tableColumns: [
        { number: EntPhysicalColumn.entPhysicalIndex, name: 'entPhysicalIndex', type: ObjectTypeCode.Integer, maxAccess: NA },
        { number: EntPhysicalColumn.entPhysicalDescr, name: 'entPhysicalDescr', type: ObjectTypeCode.OctetString, maxAccess: RO },
        { number: EntPhysicalColumn.entPhysicalContainedIn, name: 'entPhysicalContainedIn', type: ObjectTypeCode.Integer, maxAccess: RO },
        { number: EntPhysicalColumn.entPhysicalClass, name: 'entPhysicalClass', type: ObjectTypeCode.Integer, maxAccess: RO },
        { number: EntPhysicalColumn.entPhysicalName, name: 'entPhysicalName', type: ObjectTypeCode.OctetString, maxAccess: RO },
      ],
      tableIndex: [{ columnName: 'entPhysicalIndex' }],
    },
    {
      name: ENT_ALIAS_MAPPING_TABLE,
      type: ProviderKind.Table,
      oid: ENT_ALIAS_MAPPING_ENTRY,
      maxAccess: NA,
      tableColumns: [
        { number: EntAliasMappingColumn.entAliasLogicalIndexOrZero, name: 'entAliasLogicalIndexOrZero', type: ObjectTypeCode.Integer, maxAccess: NA },
        { number: EntAliasMappingColumn.entAliasMappingIdentifier, name: 'entAliasMappingIdentifier', type: ObjectTypeCode.OID, maxAccess: RO },
      ],
      tableIndex: [{ columnName: 'entPhysicalIndex', foreign: ENT_PHYSICAL_TABLE }, { columnName: 'entAliasLogicalIndexOrZero' }],
    },
  ];
}

/** Adds the chassis and one port entity per PSE port; returns each port's entPhysicalIndex. */
export function addEntityRows(mib: Mib, chassisDescr: string, ports: readonly PsePort[]): Map<PsePort, number> {
  mib.addTableRow(ENT_PHYSICAL_TABLE, [CHASSIS_INDEX, chassisDescr, 0, EntPhysicalClass.chassis, 'Chassis']);
  const indexes = new Map<PsePort, number>();
  ports.forEach((port, position) => {
    const entPhysicalIndex = FIRST_PORT_ENTITY_INDEX + position;
    indexes.set(port, entPhysicalIndex);
    mib.addTableRow(ENT_PHYSICAL_TABLE, [entPhysicalIndex, port.ifName, CHASSIS_INDEX, EntPhysicalClass.port, port.ifName]);
    // entAliasLogicalIndexOrZero 0: the mapping holds in every logical entity.
    mib.addTableRow(ENT_ALIAS_MAPPING_TABLE, [entPhysicalIndex, 0, cellOid(IF_ENTRY, IfColumn.ifIndex, port.ifIndex)]);
  });
  return indexes;
}
