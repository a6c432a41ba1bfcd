// What a power backend is: the one MIB object that switches a port's power, read and
// written as that MIB spells it (labgrid's poe_mib/cisco style: just get and set). The
// raw value is what the teardown journal keeps, so that undo restores exactly what was
// there (a Catalyst port in `power inline static` comes back static, not auto).
import type { SnmpClient } from '../snmp-client.ts';
import type { PsePort } from '../pse-port.ts';

export const BACKEND_NAMES = ['poe_mib', 'cisco_ext'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface PowerBackend {
  readonly name: BackendName;
  /** The control object's value now. */
  get(client: SnmpClient, port: PsePort): Promise<number>;
  /** Writes a control value: one from valueFor() or one get() returned earlier. */
  set(client: SnmpClient, port: PsePort, value: number): Promise<void>;
  /** The value that turns the port on or off. */
  valueFor(on: boolean): number;
  /** Whether a control value means power is enabled. */
  isOn(value: number): boolean;
}
