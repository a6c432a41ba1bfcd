// The child's end of a TCP 4051 connection: one header line (REDIRECT, REFUSE or DATA), then
// after DATA exactly `size` bytes of the file. Read without a copy: with net's `onread`
// option the kernel writes the header into a small buffer and, once the header asked for
// one, every byte of the file straight into the buffer that will hold it. Why by hand and
// not a stream: in the scale bench a thousand phones of two processes receive 8 GB, and the
// stream path's 64 KiB chunk per read, the concatenation and the garbage they make were a
// quarter of the phones' CPU.
import type { OnReadOpts } from 'node:net';
import { MAX_HEADER_LINE } from './messages.ts';
import { Wakeup } from './wakeup.ts';

export class PeerReceiver {
  private readonly head = Buffer.allocUnsafe(MAX_HEADER_LINE + 1);
  private headFilled = 0;
  private headerLine: string | undefined;
  /** The file's buffer, once the header line asked for one (bodyFor). */
  private bodyBuffer: Buffer | undefined;
  private bodyFilled = 0;
  private tooLong = false;
  private ended = false;
  private readonly arrived = new Wakeup();
  /** While body() runs: hands the newly arrived bytes to its onChunk. */
  private onChunk: (() => void) | undefined;

  /** Pass to the connection (net.connect's `onread`). */
  readonly onread: OnReadOpts;

  /**
   * `bodyFor(line)`: called once, as soon as the header line is in, with the line; returns
   * the buffer the body goes to (exactly its size), or undefined when no body follows.
   */
  constructor(private readonly bodyFor: (line: string) => Buffer | undefined) {
    this.onread = {
      // Called before the first read and after each one: where the next bytes go. Bytes
      // beyond header and body (a parent sending too much) land in a scratch page, ignored.
      buffer: () => {
        if (this.headerLine === undefined && !this.tooLong) return this.head.subarray(this.headFilled);
        const body = this.bodyBuffer;
        return body && this.bodyFilled < body.length ? body.subarray(this.bodyFilled) : overflow;
      },
      callback: (n: number, into: Uint8Array) => {
        if (into !== overflow) this.received(n);
        return true;
      },
    };
  }

  /** Body bytes received so far (for "lost after N bytes"). */
  get bodyBytes(): number {
    return this.bodyFilled;
  }

  /** The connection ended or failed: whatever waits is told. */
  end(): void {
    this.ended = true;
    this.arrived.wake();
  }

  /** The header line without its newline; undefined when the connection ends first. */
  async line(): Promise<string | undefined> {
    for (;;) {
      if (this.headerLine !== undefined) return this.headerLine;
      if (this.tooLong) throw new Error(`header line longer than ${MAX_HEADER_LINE} bytes`);
      if (this.ended) return undefined;
      await this.arrived.next();
    }
  }

  /**
   * The whole body (the buffer bodyFor gave), or undefined when the connection ends first
   * (bodyBytes says how many came). `onChunk` sees each piece as it arrives, in order.
   */
  async body(onChunk?: (chunk: Buffer) => void): Promise<Buffer | undefined> {
    const body = this.bodyBuffer;
    if (!body) throw new Error('no body: the header line asked for none');
    let seen = 0;
    const see = () => {
      if (this.bodyFilled > seen) onChunk?.(body.subarray(seen, this.bodyFilled));
      seen = this.bodyFilled;
    };
    this.onChunk = see;
    try {
      for (;;) {
        see();
        if (this.bodyFilled === body.length) return body;
        if (this.ended) return undefined;
        await this.arrived.next();
      }
    } finally {
      this.onChunk = undefined;
    }
  }

  private received(n: number): void {
    if (this.headerLine === undefined) {
      this.headFilled += n;
      const nl = this.head.subarray(0, this.headFilled).indexOf(10);
      if (nl < 0) {
        if (this.headFilled >= this.head.length) this.tooLong = true;
      } else {
        this.headerLine = this.head.toString('latin1', 0, nl);
        this.bodyBuffer = this.bodyFor(this.headerLine);
        // What came with the header line is the start of the body: the one copy made.
        if (this.bodyBuffer) this.bodyFilled = this.head.copy(this.bodyBuffer, 0, nl + 1, this.headFilled);
      }
    } else {
      this.bodyFilled += n;
      // Checking as bytes arrive keeps each piece in the CPU cache it was just written to.
      this.onChunk?.();
    }
    this.arrived.wake();
  }
}

/** Where reads go once header and body are full (a misbehaving parent sending too much). */
const overflow = Buffer.allocUnsafe(64 * 1024);
