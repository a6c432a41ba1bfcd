// Phone time: the time a phone with a CPU of its own would have seen pass. Hundreds of
// virtual phones share one Node event loop (loopback mode, the scale bench), and a loop that
// is busy, or a machine that is loaded, runs their timers seconds late. Measured on the wall
// clock, such a stall looks like seconds of silence to every phone of the process: a root
// "heard nothing for a linger" and said DONE while joins waited unread in its socket, a
// member took its root for dead, a yielded phone claimed again. Issue 15 found the twin
// making second roots and second WAN copies that way on a loaded machine. Real phones elect
// on timers of hundreds of milliseconds and never stall like this, so every wait of the PFS
// logic that decides an election or a hierarchy is measured in phone time: the loop's
// progress, where a stall counts for at most `maxStepMs`. A late loop makes the upgrade
// slower; it never makes a phone act on silence that was only its own deafness.
//
// Hand-written: fake-timer libraries replace the clock for tests; nothing measures a live
// loop's progress this way.

export class LoopClock {
  private phoneMs = 0;
  private last: number;

  /**
   * `wall`: the clock to follow (tests pass their own); `maxStepMs`: the most one stall
   * counts for; `tickMs`: how often it samples the loop (0: only when read), so that a loop
   * that is merely busy, not stalled, keeps its phone time close to the wall's.
   */
  constructor(
    private readonly wall: () => number = () => performance.now(),
    /**
     * 200 ms: a loop that is merely busy (turns of tens to a few hundred ms, which the
     * phones' own waits of 0.6-1 s in the scale bench would feel too) keeps most of its
     * time, so that a busy machine's upgrade is not stretched; a stall of seconds counts as
     * a fraction of any wait that decides something (yieldWaitMs, lingerMs).
     */
    private readonly maxStepMs = 200,
    tickMs = 10,
  ) {
    this.last = wall();
    if (tickMs > 0) setInterval(() => this.now(), tickMs).unref();
  }

  /** Phone time in ms (it starts at 0 and never runs faster than the wall). */
  now(): number {
    const t = this.wall();
    this.phoneMs += Math.max(0, Math.min(t - this.last, this.maxStepMs));
    this.last = t;
    return this.phoneMs;
  }
}

/** The clock of every phone of this process (they share its event loop). */
export const processClock = new LoopClock();

/**
 * Calls `fn` once `ms` of phone time (`now`) have passed, and after the loop has read what
 * arrived meanwhile (setImmediate runs after the poll phase; Node runs due timers before it
 * reads sockets): a timer that fires late first hears what came while it was due, then
 * waits the rest of its phone time. Returns the function that cancels it.
 */
export function afterPhoneTime(now: () => number, ms: number, fn: () => void): () => void {
  const due = now() + ms;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const check = () => {
    timer = undefined;
    immediate = setImmediate(() => {
      immediate = undefined;
      const left = due - now();
      if (left > 0) timer = setTimeout(check, left);
      else fn();
    });
  };
  timer = setTimeout(check, ms);
  return () => {
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    timer = immediate = undefined;
  };
}
