// One reader waiting for "something arrived" on a connection: the pull-based readers of TCP
// 4051 (line-reader.ts, peer-receiver.ts) await next() and look again; socket events call wake().
export class Wakeup {
  private waiter: (() => void) | undefined;

  /** Resolves at the next wake(). */
  next(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
