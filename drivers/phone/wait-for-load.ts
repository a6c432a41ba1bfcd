// Waits until a phone runs a given load, as its /DeviceInformationX says. A phone that is
// rebooting does not answer: that is progress, not failure, until the deadline.
import { PhoneError } from './errors.ts';
import type { PhoneWeb } from './phone-web.ts';
import type { DeviceInformation } from './xml-records.ts';
import { runsLoad } from './xml-records.ts';

export type LoadProgress = { kind: 'running'; versionId: string; appLoadId: string } | { kind: 'unreachable'; error: string };

export interface WaitForLoadOptions {
  /** Absolute time (ms since epoch) or a Date. */
  deadline: number | Date;
  /** Between polls, default 2000 ms. */
  intervalMs?: number;
  /** Called when what the phone shows changes (a new version, or reachable <-> unreachable). */
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
}

export async function waitForLoad(phone: PhoneWeb, loadId: string, o: WaitForLoadOptions): Promise<DeviceInformation> {
  const deadline = typeof o.deadline === 'number' ? o.deadline : o.deadline.getTime();
  const intervalMs = o.intervalMs ?? 2000;
  let lastShown = '';
  let last: LoadProgress | undefined;
  for (;;) {
    o.signal?.throwIfAborted();
    let progress: LoadProgress;
    try {
      const info = await phone.deviceInformation(o.signal);
      if (runsLoad(info, loadId)) return info;
      progress = { kind: 'running', versionId: info.versionId, appLoadId: info.appLoadId };
    } catch (e) {
      if (o.signal?.aborted) throw e;
      progress = { kind: 'unreachable', error: (e as Error).message };
    }
    last = progress;
    const shown = progress.kind === 'running' ? `running ${progress.versionId}` : 'unreachable';
    if (shown !== lastShown) {
      lastShown = shown;
      o.onProgress?.(progress);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const now = last.kind === 'running' ? `it runs ${last.versionId} (${last.appLoadId})` : `it does not answer (${last.error})`;
      throw new PhoneError(phone.label, `waiting for load ${loadId}`, `deadline passed: ${now}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
  }
}
