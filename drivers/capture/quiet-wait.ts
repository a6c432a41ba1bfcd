// Waits until a capture's files stop growing. WHY: on SIGINT tcpdump breaks out of its
// loop and exits; packets still queued in the kernel's ring for it are not written. With
// --immediate-mode and -U a packet reaches the file within milliseconds, so "no growth
// for a moment" means everything already sent is on disk. On a busy link the files never
// stop growing; the wait is then capped and the cut is arbitrary anyway.

export interface QuietOptions {
  /** No growth for this long counts as quiet (default 200 ms). */
  quietMs?: number;
  /** Give up waiting after this long (default 2 s). */
  maxMs?: number;
  pollMs?: number;
}

export async function waitUntilQuiet(totalBytes: () => Promise<number>, opts: QuietOptions = {}): Promise<void> {
  const quietMs = opts.quietMs ?? 200;
  const maxMs = opts.maxMs ?? 2000;
  const pollMs = opts.pollMs ?? 50;
  const start = Date.now();
  let last = await totalBytes();
  let quietSince = Date.now();
  while (Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, pollMs));
    const now = await totalBytes();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
  }
}
