// The virtual lab's PoE switch (SNMP agent): what the rest of the lab and the tests use.
export { startPoeSwitch, PoeSwitch } from './agent.ts';
export type { PoePortRef, PoeSwitchEvents } from './agent.ts';
export type { PoeSwitchOptions, PoePortConfig, V2cCommunities, V3UserConfig, V3SecurityLevelName } from './options.ts';
export type { DetectionStatusName } from './mib-values.ts';
export * as switchOids from '../../../harness/formats/snmp/oids.ts';
export * as switchMibValues from './mib-values.ts';
// Node 20's OpenSSL lacks single DES; net-snmp clients in the same process may need this too.
export { ensureDesPrivacy } from '../../../harness/formats/snmp/des-privacy.ts';
