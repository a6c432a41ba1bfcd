// Which PSE port powers which phone: the virtual switch's port table, derived from the
// phones' `port` in the lab description. group/port phones keep their numbers; ifName
// phones (a switch with portMap: ifName) get ports 1.. of group 1 in lab order, so the
// driver's ifName -> ENTITY-MIB -> group.port mapping finds them as on a Catalyst.

import type { LabSpec } from '../../../harness/lab/index.ts';
import type { PoePortConfig } from '../switch/index.ts';

export interface PhonePort {
  phone: string;
  switch: string;
  group: number;
  port: number;
  ifName: string;
}

export function phonePorts(spec: LabSpec): PhonePort[] {
  const nextByIfName = new Map<string, number>();
  const result: PhonePort[] = [];
  for (const phone of spec.phones) {
    const p = phone.port;
    if (p === undefined) continue;
    if (p.ifName !== undefined) {
      const n = (nextByIfName.get(p.switch) ?? 0) + 1;
      nextByIfName.set(p.switch, n);
      result.push({ phone: phone.name, switch: p.switch, group: 1, port: n, ifName: p.ifName });
    } else {
      const group = p.group ?? 1;
      const port = p.port ?? 1;
      result.push({ phone: phone.name, switch: p.switch, group, port, ifName: `Gi${group}/0/${port}` });
    }
  }
  return result;
}

/** The switch's PSE ports; a switch without phones still gets one empty port (an agent needs one). */
export function switchPortConfigs(switchName: string, ports: readonly PhonePort[]): PoePortConfig[] {
  const mine = ports.filter((p) => p.switch === switchName);
  // ifIndex as a Catalyst numbers it: member * 1000 + port (lab-checks keeps ports below 1000).
  const configs = mine.map((p) => ({ group: p.group, port: p.port, ifIndex: p.group * 1000 + p.port, ifName: p.ifName, device: true }));
  return configs.length > 0 ? configs : [{ group: 1, port: 1, ifIndex: 1001, ifName: 'Gi1/0/1', device: false }];
}
