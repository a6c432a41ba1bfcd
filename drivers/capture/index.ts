// pfslab's capture driver: tcpdump on this host, inside a network namespace, or on a
// capture host over SSH, chosen by the lab's capture entry. Every capture started is
// registered (stopAllCaptures) and, given a journal, journaled ('capture.stop').
import type { CaptureSpec } from '../../harness/lab/schema.ts';
import { localCaptureDriver } from './local.ts';
import { netnsCaptureDriver } from './netns.ts';
import type { CaptureSettings } from './settings.ts';
import { sshCaptureDriver } from './ssh.ts';
import type { CaptureContext, CaptureDriver } from './types.ts';

export { CaptureDriverError } from './capture-error.ts';
export { partName } from './capture-names.ts';
export { CAPTURE_STOP_KIND, captureStopUndoer } from './capture-undo.ts';
export type { CaptureStopParams, CaptureUndoOptions } from './capture-undo.ts';
export { runningCaptures, stopAllCaptures } from './registry.ts';
export type { StopAllResult } from './registry.ts';
export type { CaptureContext, CaptureDriver, CaptureFiles, RingOptions, RunningCapture, StartOptions, TcpdumpStats } from './types.ts';

export function captureDriver(spec: CaptureSpec, ctx: CaptureContext): CaptureDriver {
  const lab: CaptureSettings = {
    snaplen: spec.snaplen,
    ...(spec.filter !== undefined ? { filter: spec.filter } : {}),
    ...(spec.ring !== undefined ? { ring: spec.ring } : {}),
  };
  if (spec.local) return localCaptureDriver(spec.name, spec.local.interface, lab, ctx);
  if (spec.netns) return netnsCaptureDriver(spec.name, spec.netns.namespace, spec.netns.interface, lab, ctx);
  if (spec.ssh) return sshCaptureDriver(spec.name, spec.ssh, lab, ctx);
  throw new Error(`capture '${spec.name}': no local, netns or ssh entry (the lab loader should have refused it)`);
}
