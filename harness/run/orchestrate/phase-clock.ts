// Where a scenario's time goes (issue 19: the nightly is twice its target, and most of it is
// waiting): each phase of an upgrade scenario timed on the wall clock, written beside its
// outcomes and logged in one line, so that a slow run says which step was slow.

export interface Phase {
  name: string;
  ms: number;
}

export class PhaseClock {
  private readonly phases: Phase[] = [];
  private last = performance.now();

  /** Ends the phase running since the previous mark (or the clock's start) and names it. */
  mark(name: string): void {
    const now = performance.now();
    this.phases.push({ name, ms: Math.round(now - this.last) });
    this.last = now;
  }

  list(): Phase[] {
    return [...this.phases];
  }

  /** "back to the baseline 52.1 s, CUCM 3.0 s, ..." */
  summary(): string {
    return this.phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(1)} s`).join(', ');
  }
}
