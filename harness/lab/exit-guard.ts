// Runs teardown on every way a run can end: normal end, an error, SIGINT (Ctrl-C), SIGTERM
// (CI cancelling), SIGHUP (terminal closed). kill -9 cannot be caught: the journal left on
// disk is replayed by the next run instead.

export type Teardown = () => Promise<void>;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_CODE: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * Installs signal handlers that run `teardown` once, then exit with the signal's code.
 * Returns a function that runs teardown (if not yet run) and removes the handlers.
 */
export function guardExit(teardown: Teardown, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): () => Promise<void> {
  let running: Promise<void> | undefined;
  const runOnce = (): Promise<void> => (running ??= teardown());
  const handlers = SIGNALS.map((signal) => {
    const handler = (): void => {
      log(`pfslab: ${signal} received: restoring the lab before exiting`);
      runOnce()
        .catch((e: unknown) => log(`pfslab: teardown failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => process.exit(EXIT_CODE[signal]));
    };
    process.on(signal, handler);
    return { signal, handler };
  });
  return async () => {
    for (const { signal, handler } of handlers) process.off(signal, handler);
    await runOnce();
  };
}
