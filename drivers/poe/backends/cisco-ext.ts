// cisco_ext: CISCO-POWER-ETHERNET-EXT-MIB cpeExtPsePortEnable.<group>.<port> (the table
// AUGMENTS pethPsePortTable, so the index is the same): IOS's `power inline` mode,
// auto(1) static(2) limit(3) disable(4). Why not just AdminEnable on a Catalyst: the
// mode is what IOS keeps in its running config, and only it says static vs auto, which
// undo must put back.
import { CPE_EXT_PSE_PORT_ENTRY, CpeExtPsePortColumn, cellOid } from '../../../harness/formats/snmp/oids.ts';
import type { SnmpClient } from '../snmp-client.ts';
import type { PsePort } from '../pse-port.ts';
import { portLabel } from '../pse-port.ts';
import type { PowerBackend } from './backend.ts';

const AUTO = 1;
const DISABLE = 4;

const portEnable = (p: PsePort): string => cellOid(CPE_EXT_PSE_PORT_ENTRY, CpeExtPsePortColumn.cpeExtPsePortEnable, p.group, p.port);

export const ciscoExtBackend: PowerBackend = {
  name: 'cisco_ext',
  async get(client: SnmpClient, port: PsePort): Promise<number> {
    const [value] = await client.getIntegers([portEnable(port)], { port: portLabel(port), operation: 'GET cpeExtPsePortEnable' });
    return value ?? DISABLE;
  },
  set(client: SnmpClient, port: PsePort, value: number): Promise<void> {
    return client.setIntegers([{ oid: portEnable(port), value }], { port: portLabel(port), operation: `SET cpeExtPsePortEnable=${value}` });
  },
  // "On" is auto: what `power inline auto`, the IOS default, means.
  valueFor: (on) => (on ? AUTO : DISABLE),
  isOn: (value) => value !== DISABLE,
};
