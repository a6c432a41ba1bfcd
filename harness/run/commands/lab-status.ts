// `pfslab lab status`: whether the virtual lab runs, and whether each endpoint answers over
// its own protocol. Exit 0: up; 1: degraded (something does not answer); 3: not running.

import path from 'node:path';
import type { LoadedLab } from '../../lab/index.ts';
import { loadLab } from '../../lab/index.ts';
import type { Io, ProbeResult } from '../../../labs/virtual/lab/index.ts';
import { DEFAULT_STATE_FILE, isOurs, probeLab, readState } from '../../../labs/virtual/lab/index.ts';

export interface LabStatusOptions {
  state?: string;
  json?: boolean;
}

export const EXIT_UP = 0;
export const EXIT_DEGRADED = 1;
export const EXIT_NOT_RUNNING = 3;

export async function runLabStatus(opts: LabStatusOptions, io: Io): Promise<number> {
  const stateFile = path.resolve(opts.state ?? DEFAULT_STATE_FILE);
  const state = await readState(stateFile);
  if (!state) {
    io.out(`no virtual lab running (no ${stateFile})\n`);
    return EXIT_NOT_RUNNING;
  }
  const alive = await isOurs(state.controllerPid, state.controllerMarker);
  if (!alive) {
    io.out(`virtual lab not running: controller ${state.controllerPid} is gone (pfslab lab down cleans up)\n`);
    return EXIT_NOT_RUNNING;
  }
  if (state.status !== 'ready' || !state.endpoints) {
    io.out(`virtual lab starting (controller ${state.controllerPid})\n`);
    return EXIT_DEGRADED;
  }
  // The lab file gives the switch's SNMP credentials (status never stores them).
  const lab: LoadedLab | undefined = await loadLab(state.labFile).catch(() => undefined);
  const results = await probeLab(state.endpoints, lab);
  const degraded = results.some((r) => r.required && !r.ok);
  if (opts.json) {
    io.out(`${JSON.stringify({ status: degraded ? 'degraded' : 'up', controllerPid: state.controllerPid, mode: state.mode, labFile: state.labFile, results }, null, 2)}\n`);
  } else {
    io.out(`virtual lab ${degraded ? 'DEGRADED' : 'up'}: ${state.labFile} (${state.mode}, controller ${state.controllerPid}, since ${state.readyAt ?? state.startedAt})\n`);
    io.out(renderTable(results));
  }
  return degraded ? EXIT_DEGRADED : EXIT_UP;
}

function renderTable(results: ProbeResult[]): string {
  const w1 = Math.max(8, ...results.map((r) => r.endpoint.length));
  const w2 = Math.max(6, ...results.map((r) => r.target.length));
  const rows = results.map((r) => {
    const mark = r.ok ? 'ok' : r.required ? 'DOWN' : 'closed';
    return `${r.endpoint.padEnd(w1)}  ${r.target.padEnd(w2)}  ${mark.padEnd(6)}  ${r.detail}`;
  });
  return `${['endpoint'.padEnd(w1) + '  ' + 'target'.padEnd(w2) + '  state   detail', ...rows].join('\n')}\n`;
}
