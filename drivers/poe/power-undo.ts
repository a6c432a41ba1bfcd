// The journal step of a power change and the undoer that replays it. The step keeps the
// switch name, the PSE index and the backend's own previous value: identifiers and values
// only, never a community (the journal refuses a step holding a registered secret anyway).
import type { Undoer, UndoStep } from '../../harness/lab/journal.ts';
import { BACKEND_NAMES, backendNamed } from './backends/index.ts';
import type { BackendName, PowerBackend } from './backends/index.ts';
import type { PsePort } from './pse-port.ts';
import { portLabel } from './pse-port.ts';
import type { SwitchHandle } from './switch-handle.ts';

export const POE_POWER_UNDO = 'poe.power';

export interface PowerUndoParams {
  switch: string;
  group: number;
  port: number;
  /** The backend whose object `value` belongs to. */
  backend: BackendName;
  /** The control object's value before the change. */
  value: number;
  /** Whether that value meant powered (for people reading the journal). */
  on: boolean;
}

export function powerUndoStep(port: PsePort, backend: PowerBackend, previous: number): UndoStep {
  const on = backend.isOn(previous);
  const params: PowerUndoParams = { switch: port.switchName, group: port.group, port: port.port, backend: backend.name, value: previous, on };
  const target = `${port.switchName} ${portLabel(port)}`;
  return {
    kind: POE_POWER_UNDO,
    target,
    params: { ...params },
    description: `power ${target} ${on ? 'on' : 'off'} again (${backend.name} value ${previous})`,
  };
}

function parse(step: UndoStep): PowerUndoParams {
  const p = step.params;
  const ok =
    typeof p.switch === 'string' &&
    Number.isInteger(p.group) &&
    Number.isInteger(p.port) &&
    Number.isInteger(p.value) &&
    BACKEND_NAMES.includes(p.backend as BackendName);
  if (!ok) throw new Error(`${POE_POWER_UNDO} step for ${step.target} is malformed: ${JSON.stringify(p)}`);
  return p as unknown as PowerUndoParams;
}

/**
 * Restores the recorded value with the recorded backend (not the one configured now: the
 * value is its). Reads first and writes only on a difference: a change that never happened
 * (its SET was refused) is then undone without a write the switch might refuse again.
 */
export function powerUndoer(switches: ReadonlyMap<string, SwitchHandle>): Undoer {
  return async (step) => {
    const p = parse(step);
    const handle = switches.get(p.switch);
    if (handle === undefined) throw new Error(`${POE_POWER_UNDO}: switch ${p.switch} of ${step.target} is not in this lab`);
    const backend = backendNamed(p.backend);
    const port = { switchName: p.switch, group: p.group, port: p.port };
    if ((await backend.get(handle.client, port)) !== p.value) await backend.set(handle.client, port, p.value);
  };
}
