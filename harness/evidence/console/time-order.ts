// Flags records that are out of time order without reordering anything (file order is
// evidence too). A step back in time between two neighbours p -> i is blamed on ONE of
// them: on p when p is a lone late record (i fits after the last in-order record before
// p, and the record after i is still earlier than p), otherwise on i, the record that is
// earlier than the one before it. The published log's 02:19:34 record between 02:19:23
// and 02:19:24 is the first case. A step back of more than 12 hours is midnight passing
// (times are of an unknown day), not disorder.
//
// Deciding a step needs one record of lookahead, so a record is released (final, with its
// flag) two records after it arrived; flush() releases the rest at the end of the input.
import type { ConsoleRecord } from './types.ts';

const HALF_DAY_MICROS = 12 * 3600 * 1_000_000;

export class TimeOrder {
  /** Arrived, not yet released, in file order: first, then second. */
  private first: ConsoleRecord | null = null;
  private second: ConsoleRecord | null = null;
  /** Time of the last released record that is not flagged. */
  private lastInOrder: number | null = null;

  constructor(private readonly release: (record: ConsoleRecord) => void) {}

  add(record: ConsoleRecord): void {
    if (this.second !== null) this.decideAndRelease(record);
    if (this.first === null) this.first = record;
    else this.second = record;
  }

  flush(): void {
    if (this.second !== null) this.decideAndRelease(undefined);
    if (this.first !== null) this.releaseOne(this.first);
    this.first = null;
  }

  /** Decides the step first -> second (with the record after them, if any); releases first. */
  private decideAndRelease(next: ConsoleRecord | undefined): void {
    const p = this.first;
    const i = this.second;
    if (p === null || i === null) return;
    const back = p.timeMicros - i.timeMicros;
    if (back > 0 && back <= HALF_DAY_MICROS) {
      const pIsLoneLate =
        this.lastInOrder !== null &&
        this.lastInOrder <= i.timeMicros &&
        next !== undefined &&
        next.timeMicros < p.timeMicros;
      if (pIsLoneLate) p.outOfOrder = true;
      else i.outOfOrder = true;
    }
    this.first = i;
    this.second = null;
    this.releaseOne(p);
  }

  private releaseOne(record: ConsoleRecord): void {
    if (!record.outOfOrder) this.lastInOrder = record.timeMicros;
    this.release(record);
  }
}
