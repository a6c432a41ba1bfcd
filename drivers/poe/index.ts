// PoE drivers: power a phone's switch port on, off or through a cycle, over SNMP.
// The backend (which MIB object switches power) is chosen per switch; every change goes
// through the teardown journal (design.md rule 5) before it is made.
import type { Undoer } from '../../harness/lab/journal.ts';
import type { CycleOptions } from './cycle-options.ts';
import type { PortStatus } from './detection.ts';
import type { PortRef } from './port-ref.ts';
import type { TeardownJournal } from '../../harness/lab/journal.ts';

export interface PoeDriver {
  /** Enables power on the port (journaled; does not wait for detection). */
  on(port: PortRef): Promise<void>;
  /** Disables power on the port (journaled). */
  off(port: PortRef): Promise<void>;
  /**
   * Off; wait until DetectionStatus leaves deliveringPower; hold; on; wait until
   * deliveringPower. Each wait has its own deadline. One journal step restores the port.
   */
  cycle(port: PortRef, opts?: CycleOptions): Promise<PortStatus>;
  /** AdminEnable, DetectionStatus and class as the switch reports them (RFC 3621). */
  status(port: PortRef): Promise<PortStatus>;
  /** Cycles all ports in parallel; throws an AggregateError of the ports that failed, after all have finished. */
  cycleMany(ports: readonly PortRef[], opts?: CycleOptions): Promise<PortStatus[]>;
  /** Where changes are journaled; a change without a journal is refused. */
  useJournal(journal: TeardownJournal): void;
  /** The undoers this driver's journal steps need ('poe.power'). */
  undoers(): Map<'poe.power', Undoer>;
  /** Closes every SNMP session. Idempotent. */
  close(): void;
}

export type { CycleOptions } from './cycle-options.ts';
export type { DetectionStatus, PortStatus } from './detection.ts';
export { DETECTION_NAMES } from './detection.ts';
export type { PortRef } from './port-ref.ts';
export type { PsePort } from './pse-port.ts';
export { PoeError } from './errors.ts';
export type { SnmpFailureKind } from './errors.ts';
export { BACKEND_NAMES } from './backends/index.ts';
export type { BackendName } from './backends/index.ts';
export { createPoeDriver } from './factory.ts';
export type { PoeDriverOptions, PoeLab } from './factory.ts';
export { POE_POWER_UNDO } from './power-undo.ts';
