// poe_mib: RFC 3621 POWER-ETHERNET-MIB, which any PoE switch serves:
// pethPsePortAdminEnable.<group>.<port>, TruthValue true(1) / false(2).
import { PETH_PSE_PORT_ENTRY, PethPsePortColumn, cellOid } from '../../../harness/formats/snmp/oids.ts';
import type { SnmpClient } from '../snmp-client.ts';
import type { PsePort } from '../pse-port.ts';
import { portLabel } from '../pse-port.ts';
import type { PowerBackend } from './backend.ts';

const TRUE = 1;
const FALSE = 2;

const adminEnable = (p: PsePort): string => cellOid(PETH_PSE_PORT_ENTRY, PethPsePortColumn.pethPsePortAdminEnable, p.group, p.port);

export const poeMibBackend: PowerBackend = {
  name: 'poe_mib',
  async get(client: SnmpClient, port: PsePort): Promise<number> {
    const [value] = await client.getIntegers([adminEnable(port)], { port: portLabel(port), operation: 'GET pethPsePortAdminEnable' });
    return value ?? FALSE;
  },
  set(client: SnmpClient, port: PsePort, value: number): Promise<void> {
    return client.setIntegers([{ oid: adminEnable(port), value }], { port: portLabel(port), operation: `SET pethPsePortAdminEnable=${value}` });
  },
  valueFor: (on) => (on ? TRUE : FALSE),
  isOn: (value) => value === TRUE,
};
