// Every OID the virtual PoE switch serves, named as in its MIB. Tables are given by their
// *entry* OID (what net-snmp's table providers register at) plus column numbers, so that
// an instance OID is `${entry}.${column}.${index...}`. Drivers and tests import these
// instead of spelling numbers, so a wrong column can only be wrong in one place.
//
// Sources: RFC 3418 (SNMPv2-MIB), RFC 2863 (IF-MIB), RFC 4133 (ENTITY-MIB), RFC 3621
// (POWER-ETHERNET-MIB), Cisco's CISCO-POWER-ETHERNET-EXT-MIB (ciscoMgmt 402, revision
// 201307100000Z).

/** SNMPv2-MIB (RFC 3418) system group scalars; the instance is `${oid}.0`. */
export const SYSTEM = {
  sysDescr: '1.3.6.1.2.1.1.1',
  sysObjectID: '1.3.6.1.2.1.1.2',
  sysUpTime: '1.3.6.1.2.1.1.3',
  sysContact: '1.3.6.1.2.1.1.4',
  sysName: '1.3.6.1.2.1.1.5',
  sysLocation: '1.3.6.1.2.1.1.6',
} as const;

/** CISCO-SMI ciscoProducts: the arc every Cisco sysObjectID hangs from. */
export const CISCO_PRODUCTS = '1.3.6.1.4.1.9.1';

/** IF-MIB (RFC 2863) ifNumber scalar: how many rows ifTable has. */
export const IF_NUMBER = '1.3.6.1.2.1.2.1';

/** IF-MIB ifEntry, indexed by ifIndex. */
export const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
export const IfColumn = {
  ifIndex: 1,
  ifDescr: 2,
  ifType: 3,
} as const;

/** IF-MIB ifXEntry (AUGMENTS ifEntry): ifName is the short name a switch CLI shows. */
export const IF_X_ENTRY = '1.3.6.1.2.1.31.1.1.1';
export const IfXColumn = {
  ifName: 1,
} as const;

/** ENTITY-MIB (RFC 4133) entPhysicalEntry, indexed by entPhysicalIndex. */
export const ENT_PHYSICAL_ENTRY = '1.3.6.1.2.1.47.1.1.1.1';
export const EntPhysicalColumn = {
  entPhysicalIndex: 1, // not-accessible
  entPhysicalDescr: 2,
  entPhysicalContainedIn: 4,
  entPhysicalClass: 5,
  entPhysicalName: 7,
} as const;

/**
 * ENTITY-MIB entAliasMappingEntry, indexed by (entPhysicalIndex, entAliasLogicalIndexOrZero).
 * On a Catalyst this is how a PSE port reaches its ifIndex: cpeExtPsePortEntPhyIndex ->
 * entAliasMappingIdentifier = ifIndex.<n> (see pfs-reference.md section 5).
 */
export const ENT_ALIAS_MAPPING_ENTRY = '1.3.6.1.2.1.47.1.3.2.1';
export const EntAliasMappingColumn = {
  entAliasLogicalIndexOrZero: 1, // not-accessible
  entAliasMappingIdentifier: 2,
} as const;

/** POWER-ETHERNET-MIB (RFC 3621) pethPsePortEntry, indexed by (group, port). */
export const PETH_PSE_PORT_ENTRY = '1.3.6.1.2.1.105.1.1.1';
export const PethPsePortColumn = {
  pethPsePortGroupIndex: 1, // not-accessible
  pethPsePortIndex: 2, // not-accessible
  pethPsePortAdminEnable: 3,
  pethPsePortPowerPairsControlAbility: 4,
  pethPsePortPowerPairs: 5,
  pethPsePortDetectionStatus: 6,
  pethPsePortPowerPriority: 7,
  pethPsePortMPSAbsentCounter: 8,
  pethPsePortType: 9,
  pethPsePortPowerClassifications: 10,
} as const;

/** POWER-ETHERNET-MIB pethMainPseEntry, indexed by group. */
export const PETH_MAIN_PSE_ENTRY = '1.3.6.1.2.1.105.1.3.1.1';
export const PethMainPseColumn = {
  pethMainPseGroupIndex: 1, // not-accessible
  pethMainPsePower: 2,
  pethMainPseOperStatus: 3,
  pethMainPseConsumptionPower: 4,
  pethMainPseUsageThreshold: 5,
} as const;

/**
 * CISCO-POWER-ETHERNET-EXT-MIB cpeExtPsePortEntry, AUGMENTS pethPsePortEntry (so the same
 * (group, port) index). cpeExtPsePortEnable is column 1: checked against the published MIB
 * (cpeExtPsePortTable = ciscoPowerEthernetExtMIB.1.2, entry .1, cpeExtPsePortEnable ::= { cpeExtPsePortEntry 1 }).
 */
export const CPE_EXT_PSE_PORT_ENTRY = '1.3.6.1.4.1.9.9.402.1.2.1';
export const CpeExtPsePortColumn = {
  cpeExtPsePortEnable: 1,
  cpeExtPsePortDeviceDetected: 3,
  cpeExtPsePortPwrAllocated: 7,
  cpeExtPsePortPwrConsumption: 9,
  cpeExtPsePortEntPhyIndex: 11,
} as const;

/** The instance OID of one table cell: `${entry}.${column}.${index.join('.')}`. */
export function cellOid(entry: string, column: number, ...index: number[]): string {
  return [entry, column, ...index].join('.');
}

/** The instance OID of a scalar: `${scalar}.0`. */
export function scalarOid(scalar: string): string {
  return `${scalar}.0`;
}
