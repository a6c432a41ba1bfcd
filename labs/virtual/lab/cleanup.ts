// Cleaning up after a controller that is gone (kill -9, a crash, a reboot of the shell):
// what the state file names is removed directly. Idempotent: every step tolerates that
// its object is already gone.

import { removeNetwork } from '../network/index.ts';
import { stopProcess } from './processes.ts';
import type { LabState } from './state-file.ts';

export async function cleanUpLab(state: LabState, log: (line: string) => void): Promise<void> {
  // Devices end by themselves when the controller's end of their IPC channel or stdin
  // closes; this catches one that hangs. A PID is signalled only while it still runs our entry.
  await Promise.all(state.children.map((c) => stopProcess(c.pid, c.marker, 1000)));
  if (state.mode === 'netns') {
    if (process.getuid?.() !== 0) throw new Error(`removing the lab's namespaces (prefix ${state.prefix}) needs root`);
    // Also kills whatever still runs inside the lab's namespaces.
    await removeNetwork(state.prefix, state.subnets);
  }
  log(`lab: cleaned up what controller ${state.controllerPid} left (prefix ${state.prefix})`);
}
