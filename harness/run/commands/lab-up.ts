// `pfslab lab up [lab]`: brings the virtual lab up. Foreground: this process is the lab's
// controller until Ctrl-C. --detach: the controller runs in the background (log in
// .pfslab/lab.log next to the state file) and this returns once the state file says ready and
// the lab health check passes (phones booted and quiet), or names the devices still starting.
// Exit 0: up; 1: it failed; 2: the lab description cannot be built (file:line printed).

import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { labNodeOptions } from '../../lab/child-node.ts';
import { loadLab } from '../../lab/index.ts';
import { PFSLAB_ROOT } from '../../lab/repo-paths.ts';
import { bindDrivers } from '../fixture/lab-context.ts';
import { devicesNotOk, LabHealthCheck, LabUnhealthyError, renderHealthTable } from '../health/index.ts';
import type { Io, LabEndpoints } from '../../../labs/virtual/lab/index.ts';
import {
  DEFAULT_STATE_FILE,
  ENTRIES,
  EXIT_BAD_LAB,
  EXIT_FAILED,
  httpGet,
  isAlive,
  readState,
  renderEndpoints,
  runController,
} from '../../../labs/virtual/lab/index.ts';

export interface LabUpOptions {
  /** Lab description; default labs/virtual.yaml. */
  lab?: string;
  detach?: boolean;
  /** Loopback mode even as root. */
  loopback?: boolean;
  /** Namespace prefix (default pfslab-) and transfer /29 (default 169.254.77.0/29): a second lab at once needs both. */
  prefix?: string;
  transferCidr?: string;
  /** State file; default .pfslab/lab-state.json in the checkout. */
  state?: string;
  /** --detach: how long to wait for the lab to be ready, then healthy. Default 180 s. */
  timeoutMs?: number;
  /**
   * --detach: also wait for the lab health check (phones booted, answering, quiet) before
   * returning. Default true; a run passes false, as it checks health itself after its journal
   * replay.
   */
  waitHealthy?: boolean;
}

export async function runLabUp(opts: LabUpOptions, io: Io): Promise<number> {
  const labFile = opts.lab ?? path.join(PFSLAB_ROOT, 'labs/virtual.yaml');
  const stateFile = path.resolve(opts.state ?? DEFAULT_STATE_FILE);
  const mode = opts.loopback ? 'loopback' : 'auto';
  if (!opts.detach) {
    return runController(
      { labFile, stateFile, mode, ...(opts.prefix ? { prefix: opts.prefix } : {}), ...(opts.transferCidr ? { transferCidr: opts.transferCidr } : {}) },
      io,
    );
  }

  const logFile = path.join(path.dirname(stateFile), 'lab.log');
  await mkdir(path.dirname(stateFile), { recursive: true });
  const args = [...labNodeOptions(), ENTRIES.controller, '--lab', path.resolve(labFile), '--state', stateFile, '--mode', mode, '--log', logFile];
  if (opts.prefix) args.push('--prefix', opts.prefix);
  if (opts.transferCidr) args.push('--transfer-cidr', opts.transferCidr);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, { cwd: PFSLAB_ROOT, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  let exitCode: number | null = null;
  child.once('exit', (code, signal) => (exitCode = code ?? (signal ? EXIT_FAILED : 0)));
  child.unref();

  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  for (;;) {
    const state = await readState(stateFile).catch(() => undefined);
    if (state?.status === 'ready' && state.controllerPid === child.pid && state.endpoints) {
      io.out(`Virtual lab up in the background (controller pid ${state.controllerPid}, ${state.mode}); log ${logFile}; state ${stateFile}\n`);
      io.out(renderEndpoints(state.endpoints));
      if (opts.waitHealthy === false) return 0;
      // The processes are up; the phones still boot (the README's "then use it as a real lab"
      // must not meet silence): wait for the health check, or name the devices still starting.
      // In loopback mode the devices answer at 127.x images of the lab file's addresses, which
      // the health check's drivers (bound from the lab file) cannot reach: there, the wait is
      // for every phone's web page at the endpoint printed above.
      if (state.mode === 'loopback') return (await waitUntilPhonesAnswer(state.endpoints, deadline - Date.now(), io)) ? 0 : EXIT_FAILED;
      return (await waitUntilHealthy(labFile, deadline - Date.now(), io)) ? 0 : EXIT_FAILED;
    }
    if (exitCode !== null || (child.pid !== undefined && !isAlive(child.pid))) {
      io.err(`pfslab lab up: the lab controller ended before the lab was ready; the end of ${logFile}:\n${await tail(logFile, 30)}`);
      return exitCode === EXIT_BAD_LAB ? EXIT_BAD_LAB : EXIT_FAILED;
    }
    if (Date.now() > deadline) {
      io.err(`pfslab lab up: not ready after ${(opts.timeoutMs ?? 180_000) / 1000} s (controller pid ${String(child.pid)} still runs; see ${logFile}, or pfslab lab down)\n`);
      return EXIT_FAILED;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitUntilHealthy(labFile: string, ms: number, io: Io): Promise<boolean> {
  const lab = await loadLab(labFile);
  const { cucm, poe, phones } = await bindDrivers(lab);
  const check = new LabHealthCheck({ lab, cucm, poe, phones }, { deadlineMs: Math.max(ms, 10_000) });
  try {
    const report = await check.waitHealthy();
    io.out(`lab healthy: ${phones.length} phone(s) powered, answering, on a known load, console quiet\n`);
    return report.healthy;
  } catch (e) {
    if (!(e instanceof LabUnhealthyError)) throw e;
    io.err(`pfslab lab up: the lab runs, but is not healthy yet: ${e.why}; still starting or not ok: ${devicesNotOk(e.report).join(', ')}\n`);
    io.err(renderHealthTable(e.report));
    return false;
  } finally {
    await cucm.close().catch(() => undefined);
    poe.close();
  }
}

async function waitUntilPhonesAnswer(endpoints: LabEndpoints, ms: number, io: Io): Promise<boolean> {
  const deadline = Date.now() + Math.max(ms, 10_000);
  let silent = endpoints.phones.filter((p) => p.web !== undefined);
  while (silent.length > 0 && Date.now() < deadline) {
    const answered = await Promise.all(silent.map((p) => httpGet(`${p.web!}DeviceInformationX`, 2000).then((r) => r.status === 200, () => false)));
    silent = silent.filter((_, i) => !answered[i]);
    if (silent.length > 0) await new Promise((r) => setTimeout(r, 500));
  }
  if (silent.length === 0) {
    io.out(`lab answering: every phone's web page answers (loopback mode: the full health check needs the lab file's addresses, so pfslab lab health does not apply)\n`);
    return true;
  }
  io.err(`pfslab lab up: the lab runs, but these phones do not answer yet: ${silent.map((p) => p.name).join(', ')}\n`);
  return false;
}

async function tail(file: string, lines: number): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return `${text.split('\n').slice(-lines - 1).join('\n')}\n`;
  } catch {
    return '(no log)\n';
  }
}
