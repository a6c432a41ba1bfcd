// A tcpdump child process of this host: the common part of the local and netns drivers
// (they differ only in the command that runs tcpdump).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { CaptureDriverError } from './capture-error.ts';
import { finalPcapNames, isCaptureFile, ringIndex } from './capture-names.ts';
import { waitUntilQuiet } from './quiet-wait.ts';
import { runningCapture } from './running-capture.ts';
import { parseTcpdumpStats, saysListening, tcpdumpComplaint } from './tcpdump-stderr.ts';
import type { CaptureFiles, RunningCapture } from './types.ts';

export interface ProcessCaptureSpec {
  id: string;
  capture: string;
  point: string;
  /** The command and its arguments, e.g. ['ip', 'netns', 'exec', 'ns', 'tcpdump', ...]. */
  command: string[];
  dir: string;
  /** File name tcpdump writes (-w), inside dir. */
  base: string;
  /** Where the PID of tcpdump is written, for a later run to stop a leftover. */
  pidFile: string;
  listenTimeoutMs: number;
  stopTimeoutMs: number;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs the command through `sh -c 'echo $$ > PIDFILE && exec "$@"'`: the shell's PID becomes
 * tcpdump's (exec, and `ip netns exec` execs too), and it is on disk before tcpdump runs,
 * so a run killed at any moment leaves the PID its successor needs.
 */
export async function startProcessCapture(spec: ProcessCaptureSpec): Promise<RunningCapture> {
  const fail = (detail: string, cause?: unknown): CaptureDriverError => new CaptureDriverError(spec.capture, spec.point, detail, cause === undefined ? undefined : { cause });
  await mkdir(spec.dir, { recursive: true });
  const child = spawn('sh', ['-c', 'echo $$ > "$0" && exec "$@"', spec.pidFile, ...spec.command], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  let spawnError: Error | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A child that cannot be spawned emits 'error' and no 'exit'.
    child.once('error', (e) => {
      spawnError = e;
      resolve({ code: null, signal: null });
    });
  });

  const outcome = await new Promise<'listening' | 'exited' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), spec.listenTimeoutMs);
    const onData = (): void => {
      if (saysListening(stderr)) {
        clearTimeout(timer);
        child.stderr.off('data', onData);
        resolve('listening');
      }
    };
    child.stderr.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      // Data read before exit was already seen by onData; a last "listening" line too.
      resolve(saysListening(stderr) ? 'listening' : 'exited');
    });
  });
  if (outcome !== 'listening') {
    if (outcome === 'timeout') child.kill('SIGKILL');
    const exit = await exited;
    await rm(spec.pidFile, { force: true });
    if (spawnError) throw fail(`cannot run ${spec.command[0]}: ${spawnError.message}`, spawnError);
    if (outcome === 'timeout') throw fail(`tcpdump did not report "listening on" within ${spec.listenTimeoutMs} ms (killed it); it said: ${tcpdumpComplaint(stderr)}`);
    if (exit.code === 127) throw fail(`${spec.command.join(' ').slice(0, 80)}: command not found (${tcpdumpComplaint(stderr)}); install tcpdump (in this repository: npm run setup)`);
    throw fail(`tcpdump failed to start (exit ${exit.code ?? exit.signal}): ${tcpdumpComplaint(stderr)}`);
  }

  const files = (): Promise<string[]> => Promise.resolve(captureFilesIn(spec.dir, spec.base));
  const stopOnce = async (): Promise<CaptureFiles> => {
    let endedEarly: string | undefined;
    if (child.exitCode === null && child.signalCode === null) {
      await waitUntilQuiet(async () => totalSize(await files()));
      child.kill('SIGINT');
      const ok = await Promise.race([exited.then(() => true), sleep(spec.stopTimeoutMs).then(() => false)]);
      if (!ok) {
        child.kill('SIGKILL');
        endedEarly = `tcpdump did not exit within ${spec.stopTimeoutMs} ms of SIGINT and was killed`;
      }
    } else {
      const exit = await exited;
      endedEarly = `tcpdump ended by itself before stop (exit ${exit.code ?? exit.signal}): ${tcpdumpComplaint(stderr)}`;
    }
    await exited;
    const stats = parseTcpdumpStats(stderr);
    return {
      capture: spec.capture,
      files: await finalPcapNames(await files(), spec.base),
      packetsCaptured: stats.packetsCaptured ?? -1,
      droppedByKernel: stats.droppedByKernel ?? -1,
      stats,
      ...(endedEarly !== undefined ? { endedEarly } : {}),
    };
  };
  return runningCapture(
    { id: spec.id, capture: spec.capture, point: spec.point },
    // Live: the files tcpdump writes now (a ring buffer names them <base>0, <base>1 ...).
    () => captureFilesIn(spec.dir, spec.base),
    stopOnce,
    () => rm(spec.pidFile, { force: true }),
  );
}

/**
 * tcpdump's files for `base` in `dir`, oldest first (by time, then ring number). Synchronous,
 * because RunningCapture.files (a getter) lists them while tcpdump runs; a directory of a few
 * ring files is read in microseconds.
 */
export function captureFilesIn(dir: string, base: string): string[] {
  const entries = readdirSync(dir).filter((e) => isCaptureFile(e, base));
  const withTimes = entries.map((e) => ({ e, mtime: statSync(path.join(dir, e), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  withTimes.sort((a, b) => a.mtime - b.mtime || ringIndex(a.e, base) - ringIndex(b.e, base));
  return withTimes.map(({ e }) => path.join(dir, e));
}

async function totalSize(files: string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (f) => (await stat(f).catch(() => undefined))?.size ?? 0));
  return sizes.reduce((a, b) => a + b, 0);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
