// `pfslab lab down`: ends the virtual lab. A live controller is asked to stop (SIGTERM, it
// tears down itself); if it is gone (crash, kill -9), what its state file names is removed
// directly. Idempotent: exit 0 when nothing is left, also when nothing was running.

import path from 'node:path';
import type { Io } from '../../../labs/virtual/lab/index.ts';
import { cleanUpLab, DEFAULT_STATE_FILE, isOurs, readState, removeState, stopProcess } from '../../../labs/virtual/lab/index.ts';

export interface LabDownOptions {
  state?: string;
  /** How long the controller gets to tear down before it is killed. Default 30 s. */
  timeoutMs?: number;
}

export async function runLabDown(opts: LabDownOptions, io: Io): Promise<number> {
  const stateFile = path.resolve(opts.state ?? DEFAULT_STATE_FILE);
  const state = await readState(stateFile);
  if (!state) {
    io.out(`no virtual lab running (no ${stateFile})\n`);
    return 0;
  }
  if (await isOurs(state.controllerPid, state.controllerMarker)) {
    io.out(`stopping the virtual lab (controller ${state.controllerPid})\n`);
    await stopProcess(state.controllerPid, state.controllerMarker, opts.timeoutMs ?? 30_000);
  }
  // Whatever the controller left (nothing, after a clean stop): children by PID, namespaces by prefix.
  try {
    await cleanUpLab(state, (line) => io.out(`${line}\n`));
  } catch (e) {
    io.err(`pfslab lab down: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  await removeState(stateFile);
  io.out('virtual lab down\n');
  return 0;
}
