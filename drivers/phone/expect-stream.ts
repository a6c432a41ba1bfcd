// expect() over a text stream: wait until what arrived matches a pattern, within a time, and
// consume through the match. The login dialog and command output are read with it.
import type { Readable } from 'node:stream';

export class ExpectTimeout extends Error {
  constructor(
    readonly pattern: RegExp,
    readonly timeoutMs: number,
    readonly received: string,
    readonly closed: boolean,
  ) {
    super(`expected ${String(pattern)} within ${timeoutMs} ms`);
  }
}

/** The stream showed a failure pattern (e.g. "Login incorrect") before the expected text. */
export class ExpectFailure extends Error {
  constructor(
    readonly pattern: RegExp,
    readonly received: string,
  ) {
    super(`got ${String(pattern)}`);
  }
}

export class ExpectStream {
  private buffer = '';
  private closed = false;
  private waiter: (() => void) | undefined;
  private released = false;

  constructor(stream: Readable) {
    stream.on('data', (d: Buffer) => {
      if (this.released) return;
      this.buffer += d.toString('latin1');
      this.waiter?.();
    });
    const end = () => {
      this.closed = true;
      this.waiter?.();
    };
    stream.on('close', end);
    stream.on('end', end);
  }

  /** Resolves with the text before the match and the match; the buffer keeps what follows. */
  async expect(pattern: RegExp, timeoutMs: number, failure?: RegExp): Promise<{ before: string; match: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.buffer);
      const f = failure?.exec(this.buffer);
      if (failure && f && (!m || f.index < m.index)) throw new ExpectFailure(failure, this.buffer);
      if (m) {
        const before = this.buffer.slice(0, m.index);
        this.buffer = this.buffer.slice(m.index + m[0].length);
        return { before, match: m[0] };
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new ExpectTimeout(pattern, timeoutMs, this.buffer, this.closed);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiter = () => {
          clearTimeout(t);
          r();
        };
      });
      this.waiter = undefined;
    }
  }

  /** Takes what is buffered and stops buffering: the caller reads the stream itself from now on. */
  release(): string {
    this.released = true;
    const b = this.buffer;
    this.buffer = '';
    return b;
  }
}
