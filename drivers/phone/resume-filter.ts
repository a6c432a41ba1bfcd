// Decides which console records of a (re)connection are new, so that a live log followed
// across reconnections has every line once and in order. A reconnection first prints the
// phone's backlog (show log), then live records. Records are identified by their text
// (timestamp to the microsecond + task + message): two distinct records with the same text
// do not happen in practice.
//
// On a reconnection the filter looks for the last record it passed on ("resume by last
// record seen"): records before it are old; records after it are new. If the backlog ends
// (the follow command is echoed)
// without it, the phone rotated it away while we were disconnected: the whole backlog is
// new, and a gap is reported because lines may have been lost.

export type ResumeStart = 'start' | 'now';

export class ResumeFilter {
  private last: string | undefined;
  /** Recently passed records: a second guard against duplicates after the resume point. */
  private readonly seen = new Set<string>();
  private phase: 'resync' | 'live' = 'resync';
  private pending: string[] = [];
  private firstConnection = true;

  constructor(
    private readonly start: ResumeStart,
    private readonly onGap: (detail: string) => void,
    private readonly window = 20_000,
  ) {}

  /** A new connection begins: its backlog comes first. */
  reconnect(): void {
    this.phase = 'resync';
    this.pending = [];
  }

  /** Feed one complete record line (without newline); returns the records to pass on. */
  record(line: string): string[] {
    if (this.phase === 'live') return this.pass([line]);
    if (this.last !== undefined && line === this.last) {
      // Found the resume point: everything before it was already passed on (or predates us).
      this.pending = [];
      this.phase = 'live';
      return [];
    }
    this.pending.push(line);
    return [];
  }

  /** The backlog is over (the follow command was echoed): decide what in it is new. */
  backlogEnded(): string[] {
    if (this.phase === 'live') return [];
    return this.endOfBacklog();
  }

  /** The stream ended: backlog records still pending are decided as at the end of a backlog. */
  flush(): string[] {
    return this.phase === 'resync' && this.pending.length > 0 ? this.endOfBacklog() : [];
  }

  private endOfBacklog(): string[] {
    const backlog = this.pending;
    this.pending = [];
    this.phase = 'live';
    if (this.firstConnection) {
      this.firstConnection = false;
      if (this.start === 'now') {
        for (const l of backlog) this.remember(l);
        return [];
      }
      return this.pass(backlog);
    }
    if (this.last !== undefined) {
      this.onGap(`last record seen is no longer in the phone's log (${JSON.stringify(this.last.slice(0, 80))}): lines written while disconnected may be missing`);
    }
    return this.pass(backlog);
  }

  private pass(lines: string[]): string[] {
    this.firstConnection = false;
    const out: string[] = [];
    for (const l of lines) {
      if (this.seen.has(l)) continue;
      this.remember(l);
      out.push(l);
    }
    return out;
  }

  private remember(l: string): void {
    this.last = l;
    this.seen.add(l);
    if (this.seen.size > this.window) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
  }
}
