// One switch as the driver holds it: its SNMP client, its backend, and the interface-name
// map read from it once (a switch's ifName -> PSE mapping does not change during a run).
import type { PowerBackend } from './backends/index.ts';
import type { PseIndex } from './ifname-map.ts';
import { readIfNameMap } from './ifname-map.ts';
import type { SwitchPortRef } from './port-ref.ts';
import type { PsePort } from './pse-port.ts';
import type { SnmpClient } from './snmp-client.ts';
import { PoeError } from './errors.ts';

export class SwitchHandle {
  private ifNames: Promise<Map<string, PseIndex>> | undefined;

  constructor(
    readonly name: string,
    readonly client: SnmpClient,
    readonly backend: PowerBackend,
  ) {}

  async resolve(ref: SwitchPortRef): Promise<PsePort> {
    if (!('ifName' in ref)) return { switchName: this.name, group: ref.group, port: ref.port };
    this.ifNames ??= readIfNameMap(this.client, this.backend.name);
    // A failed walk is not cached: the next call asks the switch again.
    const map = await this.ifNames.catch((error: unknown) => {
      this.ifNames = undefined;
      throw error;
    });
    const found = map.get(ref.ifName);
    if (found === undefined) {
      throw new PoeError(this.name, ref.ifName, 'mapping the interface name to a PSE port', 'no such interface', `the switch has no PoE interface named ${ref.ifName}`);
    }
    return { switchName: this.name, ...found, ifName: ref.ifName };
  }
}
