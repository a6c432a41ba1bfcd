// Starting tcpdump as a process of this host, journaled first: shared by local.ts and netns.ts.
import { userInfo } from 'node:os';
import path from 'node:path';
import { newCaptureId, pcapBaseName } from './capture-names.ts';
import { captureStopStep } from './capture-undo.ts';
import { startProcessCapture } from './process-capture.ts';
import type { CaptureSettings } from './settings.ts';
import { tcpdumpArgs } from './tcpdump-command.ts';
import type { CaptureContext, RunningCapture } from './types.ts';

export interface HostCapturePoint {
  capture: string;
  point: string;
  interface: string;
  /** Run inside this network namespace (ip netns exec). */
  namespace?: string;
}

export async function startHostCapture(where: HostCapturePoint, settings: CaptureSettings, ctx: CaptureContext): Promise<RunningCapture> {
  const id = newCaptureId(where.capture);
  const base = pcapBaseName(id);
  const dir = path.resolve(ctx.evidenceDir);
  const pidFile = path.join(dir, `${id}.pid`);
  const args = tcpdumpArgs({
    interface: where.interface,
    file: path.join(dir, base),
    snaplen: settings.snaplen,
    filter: settings.filter,
    ring: settings.ring,
    runAs: process.getuid?.() === 0 ? userInfo().username : undefined,
  });
  const tcpdump = ctx.tcpdump ?? 'tcpdump';
  const command = where.namespace !== undefined ? ['ip', 'netns', 'exec', where.namespace, tcpdump, ...args] : [tcpdump, ...args];
  if (ctx.journal) {
    const ns = where.namespace !== undefined ? { namespace: where.namespace } : {};
    await ctx.journal.record(captureStopStep({ id, capture: where.capture, base, where: where.namespace !== undefined ? 'netns' : 'local', ...ns, dir, pidFile }, where.point));
  }
  return startProcessCapture({
    id,
    capture: where.capture,
    point: where.point,
    command,
    dir,
    base,
    pidFile,
    listenTimeoutMs: ctx.listenTimeoutMs ?? 15_000,
    stopTimeoutMs: ctx.stopTimeoutMs ?? 15_000,
  });
}
