// The RunningCapture every way of capturing hands out: its counts and files come from the
// stop result once there is one, stop() runs once however often it is called, and the
// registry (teardown on exit) forgets the capture when it has ended.
import { captureEnded, registerCapture } from './registry.ts';
import type { CaptureFiles, RunningCapture } from './types.ts';

export function runningCapture(
  ident: { id: string; capture: string; point: string },
  /** What `files` shows before stop() has collected them. */
  filesBeforeStop: () => string[],
  /** Stops tcpdump and collects its files; called at most once. */
  stopOnce: () => Promise<CaptureFiles>,
  /** Runs after stopOnce, whether it succeeded or not. */
  cleanup: () => Promise<void> | void,
): RunningCapture {
  let result: CaptureFiles | undefined;
  let stopping: Promise<CaptureFiles> | undefined;
  const running: RunningCapture = {
    ...ident,
    get files() {
      return result?.files ?? filesBeforeStop();
    },
    get packetsCaptured() {
      return result?.packetsCaptured;
    },
    get droppedByKernel() {
      return result?.droppedByKernel;
    },
    stop: () =>
      (stopping ??= (async () => {
        try {
          result = await stopOnce();
          return result;
        } finally {
          await cleanup();
          captureEnded(ident.id);
        }
      })()),
  };
  registerCapture(running);
  return running;
}
