// The device side of the lab bus: a child waits for its init message on the IPC channel,
// starts its device, says ready (or failed), and ends when the controller goes away.

import type { ChildMessage } from './messages.ts';

export function send(message: ChildMessage): void {
  process.send?.(message);
}

/** Logs go to stderr, which the controller prefixes and writes to its own log. */
export function logLine(device: string): (line: string) => void {
  return (line) => process.stderr.write(`${device}: ${line}\n`);
}

/**
 * Runs `start` with the first IPC message, then hands later messages to `onMessage`.
 * A closed channel means the controller is gone: the device stops with it, so a crashed
 * controller leaves no orphan listening on a lab address.
 */
export function serveDevice<Init>(
  device: string,
  start: (init: Init) => Promise<{ address: string; port: number; close(): Promise<void>; onMessage?(m: unknown): void }>,
): void {
  if (!process.send) {
    process.stderr.write(`${device}: must be started by the lab controller (needs an IPC channel)\n`);
    process.exit(2);
  }
  let running: Awaited<ReturnType<typeof start>> | undefined;
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    void (running?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.on('disconnect', () => stop(0));
  let initialised = false;
  /** Messages that arrive while the device is still starting: delivered once it runs. */
  const early: unknown[] = [];
  process.on('message', (m: unknown) => {
    if (running) {
      running.onMessage?.(m);
      return;
    }
    if (initialised) {
      early.push(m);
      return;
    }
    initialised = true;
    start(m as Init)
      .then((r) => {
        running = r;
        send({ type: 'ready', address: r.address, port: r.port });
        for (const e of early.splice(0)) r.onMessage?.(e);
      })
      .catch((e: unknown) => {
        send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
        stop(1);
      });
  });
}
