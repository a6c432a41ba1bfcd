// From an interface name to the PSE port (group, port) that powers it, read from the
// switch itself: IF-MIB ifName -> ifIndex, then
//  - RFC 3621 (generic) switches: pethPsePortIndex = ifIndex, group 1 (the convention the
//    RFC's own DESCRIPTION suggests and most non-stacked switches follow);
//  - Cisco: cpeExtPsePortEntPhyIndex (per group.port) -> ENTITY-MIB
//    entAliasMappingIdentifier = ifIndex.<n>, because a Catalyst numbers PSE ports per
//    stack member and never by ifIndex.
import {
  CPE_EXT_PSE_PORT_ENTRY,
  CpeExtPsePortColumn,
  ENT_ALIAS_MAPPING_ENTRY,
  EntAliasMappingColumn,
  IF_ENTRY,
  IF_X_ENTRY,
  IfColumn,
  IfXColumn,
} from '../../harness/formats/snmp/oids.ts';
import type { BackendName } from './backends/index.ts';
import type { SnmpClient } from './snmp-client.ts';

export interface PseIndex {
  group: number;
  port: number;
}

/** The index after `prefix.` in a walked OID, as numbers. */
function indexAfter(oid: string, prefix: string): number[] {
  return oid.slice(prefix.length + 1).split('.').map(Number);
}

async function ifIndexByName(client: SnmpClient): Promise<Map<string, number>> {
  const label = { port: '', operation: 'walk IF-MIB ifName' };
  const ifName = `${IF_X_ENTRY}.${IfXColumn.ifName}`;
  let rows = await client.walk(ifName, label);
  let prefix = ifName;
  if (rows.length === 0) {
    // Agents without ifXTable (old IOS, some appliances) name interfaces in ifDescr only.
    prefix = `${IF_ENTRY}.${IfColumn.ifDescr}`;
    rows = await client.walk(prefix, { port: '', operation: 'walk IF-MIB ifDescr' });
  }
  const map = new Map<string, number>();
  for (const vb of rows) {
    const [ifIndex] = indexAfter(vb.oid, prefix);
    if (ifIndex !== undefined) map.set(String(vb.value), ifIndex);
  }
  return map;
}

/** ifIndex -> (group, port) on a Cisco switch, through its entity mapping. */
async function ciscoPseByIfIndex(client: SnmpClient): Promise<Map<number, PseIndex>> {
  const entPhy = `${CPE_EXT_PSE_PORT_ENTRY}.${CpeExtPsePortColumn.cpeExtPsePortEntPhyIndex}`;
  const alias = `${ENT_ALIAS_MAPPING_ENTRY}.${EntAliasMappingColumn.entAliasMappingIdentifier}`;
  const [pseRows, aliasRows] = await Promise.all([
    client.walk(entPhy, { port: '', operation: 'walk cpeExtPsePortEntPhyIndex' }),
    client.walk(alias, { port: '', operation: 'walk ENTITY-MIB entAliasMappingIdentifier' }),
  ]);
  const ifIndexByEntity = new Map<number, number>();
  const ifIndexPrefix = `${IF_ENTRY}.${IfColumn.ifIndex}.`;
  for (const vb of aliasRows) {
    const [entity] = indexAfter(vb.oid, alias);
    const target = String(vb.value);
    if (entity !== undefined && target.startsWith(ifIndexPrefix)) ifIndexByEntity.set(entity, Number(target.slice(ifIndexPrefix.length)));
  }
  const map = new Map<number, PseIndex>();
  for (const vb of pseRows) {
    const [group, port] = indexAfter(vb.oid, entPhy);
    const ifIndex = ifIndexByEntity.get(Number(vb.value));
    if (group !== undefined && port !== undefined && ifIndex !== undefined) map.set(ifIndex, { group, port });
  }
  return map;
}

/** Every interface name of the switch mapped to its PSE port (names without PoE are absent). */
export async function readIfNameMap(client: SnmpClient, backend: BackendName): Promise<Map<string, PseIndex>> {
  const names = await ifIndexByName(client);
  const map = new Map<string, PseIndex>();
  if (backend === 'cisco_ext') {
    const pse = await ciscoPseByIfIndex(client);
    for (const [name, ifIndex] of names) {
      const found = pse.get(ifIndex);
      if (found !== undefined) map.set(name, found);
    }
  } else {
    for (const [name, ifIndex] of names) map.set(name, { group: 1, port: ifIndex });
  }
  return map;
}

