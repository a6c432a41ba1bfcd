// Every capture started in this process, until it is stopped: what teardown must stop
// (stopAllCaptures), and what the 'capture.stop' undoer consults to tell a live capture
// of this run (stop it properly: flush, copy back) from one a dead run left behind.
import type { CaptureFiles, RunningCapture } from './types.ts';

const running = new Map<string, RunningCapture>();
const finished = new Set<string>();

export function registerCapture(c: RunningCapture): void {
  running.set(c.id, c);
}

/** Called by stop() when a capture has ended, whatever the outcome. */
export function captureEnded(id: string): void {
  running.delete(id);
  finished.add(id);
}

export function runningCapture(id: string): RunningCapture | undefined {
  return running.get(id);
}

export function captureHasEnded(id: string): boolean {
  return finished.has(id);
}

/** Captures started and not yet stopped, oldest first. */
export function runningCaptures(): RunningCapture[] {
  return [...running.values()];
}

export interface StopAllResult {
  stopped: CaptureFiles[];
  failures: { capture: string; id: string; error: Error }[];
}

/** Stops every running capture (in parallel: each waits for its own tcpdump); never throws. */
export async function stopAllCaptures(): Promise<StopAllResult> {
  const result: StopAllResult = { stopped: [], failures: [] };
  await Promise.all(
    runningCaptures().map(async (c) => {
      try {
        result.stopped.push(await c.stop());
      } catch (e) {
        result.failures.push({ capture: c.capture, id: c.id, error: e instanceof Error ? e : new Error(String(e)) });
      }
    }),
  );
  return result;
}
