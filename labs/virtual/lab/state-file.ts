// The running lab as the harness and `lab status` / `lab down` see it: written by the
// controller (atomically: a reader never sees half a file), removed at teardown. It holds
// addresses, PIDs and the names of secret references, never a secret.

import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PFSLAB_ROOT } from '../../../harness/lab/repo-paths.ts';
import type { InputFileError } from '../../../harness/io/bounded-file.ts';
import { readBoundedText } from '../../../harness/io/bounded-file.ts';
import type { LabEndpoints } from './endpoints.ts';

export const DEFAULT_STATE_FILE = path.join(PFSLAB_ROOT, '.pfslab', 'lab-state.json');

/** A process the lab started; `marker` is in its command line, so a reused PID is never killed. */
export interface LabProcess {
  device: string;
  pid: number;
  marker: string;
}

export interface LabState {
  version: 1;
  /** starting: the network may be half built (down still removes it); ready: every device answered. */
  status: 'starting' | 'ready';
  labFile: string;
  mode: 'netns' | 'loopback';
  controllerPid: number;
  /** What is in the controller's command line (see LabProcess.marker). */
  controllerMarker: string;
  /** Namespace prefix and subnet names: enough for removeNetwork() after a crash. */
  prefix: string;
  subnets: string[];
  children: LabProcess[];
  endpoints?: LabEndpoints;
  log?: string;
  startedAt: string;
  readyAt?: string;
}

export async function writeState(file: string, state: LabState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
  await rename(tmp, file);
}

/** The state file exists but cannot be used: bad input (exit 2), never a crash. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export async function readState(file: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readBoundedText(file, 'lab state file');
  } catch (e) {
    if (((e as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return undefined;
    throw new StateFileError(file, (e as InputFileError).reason);
  }
  try {
    return JSON.parse(text) as LabState;
  } catch (e) {
    throw new StateFileError(file, `not a lab state file (${(e as Error).message}); if no lab runs, remove it (ip netns list shows what may be left)`);
  }
}

export async function removeState(file: string): Promise<void> {
  await rm(file, { force: true });
}
