// The PoeDriver over SNMP: resolves a port, then lets the switch's backend switch power,
// each change journaled first (read the previous value, record its undo, then set).
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabPhoneSpec } from '../../harness/lab/schema.ts';
import type { TeardownJournal, Undoer } from '../../harness/lab/journal.ts';
import { JournalError } from '../../harness/lab/journal.ts';
import type { CycleOptions } from './cycle-options.ts';
import { CYCLE_DEFAULTS } from './cycle-options.ts';
import type { PortStatus } from './detection.ts';
import { readStatus, waitForDetection } from './detection.ts';
import type { PoeDriver } from './index.ts';
import type { PortRef } from './port-ref.ts';
import { describeRef, phonePort } from './port-ref.ts';
import { POE_POWER_UNDO, powerUndoer, powerUndoStep } from './power-undo.ts';
import type { PsePort } from './pse-port.ts';
import type { SwitchHandle } from './switch-handle.ts';

export class SnmpPoeDriver implements PoeDriver {
  private journal: TeardownJournal | undefined;
  private closed = false;

  constructor(
    private readonly switches: ReadonlyMap<string, SwitchHandle>,
    private readonly phones: readonly LabPhoneSpec[],
    journal?: TeardownJournal,
  ) {
    this.journal = journal;
  }

  useJournal(journal: TeardownJournal): void {
    this.journal = journal;
  }

  undoers(): Map<'poe.power', Undoer> {
    return new Map([[POE_POWER_UNDO, powerUndoer(this.switches)]]);
  }

  on(ref: PortRef): Promise<void> {
    return this.power(ref, true);
  }

  off(ref: PortRef): Promise<void> {
    return this.power(ref, false);
  }

  async status(ref: PortRef): Promise<PortStatus> {
    const { handle, port } = await this.resolve(ref);
    return readStatus(handle.client, port);
  }

  async cycle(ref: PortRef, opts: CycleOptions = {}): Promise<PortStatus> {
    const o = { ...CYCLE_DEFAULTS, ...opts };
    const { handle, port } = await this.resolve(ref);
    const journal = this.requireJournal(ref);
    const { backend, client } = handle;
    const previous = await backend.get(client, port);
    // Back on with the mode it had (a Catalyst port in static stays static); auto if it was off.
    const onValue = backend.isOn(previous) ? previous : backend.valueFor(true);
    return journal.change(powerUndoStep(port, backend, previous), async () => {
      await backend.set(client, port, backend.valueFor(false));
      await waitForDetection(client, port, 'DetectionStatus leaves deliveringPower', (d) => d !== 'deliveringPower', {
        timeoutMs: o.offTimeoutMs,
        pollMs: o.pollMs,
      });
      await sleep(o.holdMs);
      await backend.set(client, port, onValue);
      return waitForDetection(client, port, 'DetectionStatus is deliveringPower', (d) => d === 'deliveringPower', {
        timeoutMs: o.onTimeoutMs,
        pollMs: o.pollMs,
      });
    });
  }

  async cycleMany(refs: readonly PortRef[], opts: CycleOptions = {}): Promise<PortStatus[]> {
    const results = await Promise.allSettled(refs.map((ref) => this.cycle(ref, opts)));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    if (failed.length > 0) {
      throw new AggregateError(failed, `PoE: ${failed.length} of ${refs.length} power cycles failed: ${failed.map((e) => e.message).join('; ')}`);
    }
    return results.map((r) => (r as PromiseFulfilledResult<PortStatus>).value);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const handle of this.switches.values()) handle.client.close();
  }

  private async power(ref: PortRef, on: boolean): Promise<void> {
    const { handle, port } = await this.resolve(ref);
    const journal = this.requireJournal(ref);
    const previous = await handle.backend.get(handle.client, port);
    await journal.change(powerUndoStep(port, handle.backend, previous), () => handle.backend.set(handle.client, port, handle.backend.valueFor(on)));
  }

  private requireJournal(ref: PortRef): TeardownJournal {
    if (this.journal === undefined) {
      throw new JournalError(`PoE: no teardown journal for the change to ${describeRef(ref)}; a change that cannot be undone is not made (useJournal)`);
    }
    return this.journal;
  }

  private async resolve(ref: PortRef): Promise<{ handle: SwitchHandle; port: PsePort }> {
    if (this.closed) throw new Error(`PoE: the driver is closed (${describeRef(ref)})`);
    const switchRef = phonePort(ref, this.phones);
    const handle = this.switches.get(switchRef.switch);
    if (handle === undefined) throw new RangeError(`PoE: no switch ${switchRef.switch} in the lab (${describeRef(ref)})`);
    return { handle, port: await handle.resolve(switchRef) };
  }
}
