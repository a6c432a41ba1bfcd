// The teardown journal's side of captures (design rule 5). A running tcpdump is a change
// to the lab: on a capture host it fills the disk until someone stops it. So every start
// records a 'capture.stop' step BEFORE tcpdump runs, naming where it runs and the PID file
// it will have (never a credential). Undoing it:
//  - a capture of THIS process still running: its own stop() (flush, counts, copy back);
//  - one already stopped: nothing;
//  - one left by a dead run (kill -9): SIGINT to the PID in its PID file (checked against
//    the command line, so a reused PID is never signalled); over SSH the files are then
//    copied back into the dead run's evidence directory and removed from the host.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import type { Undoer, UndoStep } from '../../harness/lab/journal.ts';
import type { CaptureSpec } from '../../harness/lab/schema.ts';
import type { SecretContext } from '../../harness/lab/secrets.ts';
import { finalPcapNames } from './capture-names.ts';
import { captureFilesIn } from './process-capture.ts';
import { captureHasEnded, runningCapture } from './registry.ts';
import { collectRemoteCapture } from './ssh-remote.ts';
import { connectCaptureHost } from './ssh-connect.ts';

export const CAPTURE_STOP_KIND = 'capture.stop';

interface CommonParams {
  id: string;
  capture: string;
  /** pcap file name (-w), also what the PID's command line must contain. */
  base: string;
}
export interface LocalStopParams extends CommonParams {
  where: 'local' | 'netns';
  namespace?: string;
  dir: string;
  pidFile: string;
}
export interface SshStopParams extends CommonParams {
  where: 'ssh';
  host: string;
  port: number;
  user: string;
  remoteDir: string;
  /** Evidence directory of the run, where a leftover's files are copied back to. */
  localDir: string;
  sudo: boolean;
}
export type CaptureStopParams = LocalStopParams | SshStopParams;

export function captureStopStep(p: CaptureStopParams, point: string): UndoStep {
  return {
    kind: CAPTURE_STOP_KIND,
    target: `${p.capture} ${p.id}`,
    params: { ...p },
    description: `stop tcpdump of capture '${p.capture}' (${point})`,
  };
}

export interface CaptureUndoOptions {
  /** The lab's capture points: an SSH leftover is reached with its capture's credentials. */
  captures: readonly CaptureSpec[];
  secrets?: SecretContext;
  /** How long a leftover tcpdump may take to exit after SIGINT (default 15 s). */
  stopTimeoutMs?: number;
}

/** The undoer to register under CAPTURE_STOP_KIND with the run's TeardownJournal. */
export function captureStopUndoer(opts: CaptureUndoOptions): Undoer {
  return async (step) => {
    const p = step.params as unknown as CaptureStopParams;
    if (captureHasEnded(p.id)) return;
    const live = runningCapture(p.id);
    if (live) {
      await live.stop();
      return;
    }
    if (p.where === 'ssh') await stopRemoteLeftover(p, opts);
    else await stopLocalLeftover(p, opts.stopTimeoutMs ?? 15_000);
  };
}

async function stopLocalLeftover(p: LocalStopParams, timeoutMs: number): Promise<void> {
  await stopLeftoverProcess(p, timeoutMs);
  // A dead run's files get the names a stopped capture's get (.pcap, not tcpdump's .pcap0).
  if (existsSync(p.dir)) await finalPcapNames(captureFilesIn(p.dir, p.base), p.base);
}

async function stopLeftoverProcess(p: LocalStopParams, timeoutMs: number): Promise<void> {
  const pidText = await readFile(p.pidFile, 'utf8').catch(() => undefined);
  const pid = Number(pidText?.trim());
  if (pidText === undefined || !Number.isInteger(pid) || pid <= 0) return;
  if (await commandLineHas(pid, p.base)) {
    process.kill(pid, 'SIGINT');
    const deadline = Date.now() + timeoutMs;
    while ((await commandLineHas(pid, p.base)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (await commandLineHas(pid, p.base)) process.kill(pid, 'SIGKILL');
  }
  await rm(p.pidFile, { force: true });
}

/** Whether process `pid` exists and has `needle` in its command line (Linux /proc). */
async function commandLineHas(pid: number, needle: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes(needle);
}

async function stopRemoteLeftover(p: SshStopParams, opts: CaptureUndoOptions): Promise<void> {
  const spec = opts.captures.find((c) => c.name === p.capture && c.ssh !== undefined);
  if (!spec?.ssh) throw new Error(`capture '${p.capture}' left tcpdump on ${p.user}@${p.host}:${p.port} but is no longer an ssh capture of this lab; stop it by hand (PID in ${p.remoteDir}/tcpdump.pid)`);
  const point = `leftover ${p.id} on ${p.user}@${p.host}:${p.port}`;
  const session = await connectCaptureHost(p.capture, point, { ...spec.ssh, host: p.host, port: p.port, user: p.user }, opts.secrets ?? {}, 15_000);
  try {
    await collectRemoteCapture(session, { remoteDir: p.remoteDir, base: p.base, localDir: p.localDir, sudo: p.sudo, stopTimeoutMs: opts.stopTimeoutMs ?? 15_000 });
  } finally {
    session.end();
  }
}
