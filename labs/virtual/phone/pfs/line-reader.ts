// Reads a TCP 4051 stream as the transfer protocol frames it: header lines, then (after a
// DATA header) exactly `size` raw bytes. Pull-based, so a child can wait for the next line
// while the parent is still fetching the file.
import type { Socket } from 'node:net';
import { MAX_HEADER_LINE } from './messages.ts';

export class PeerStream {
  private buffered: Buffer = Buffer.alloc(0);
  private waiter: (() => void) | undefined;
  private ended = false;
  private error: Error | undefined;
  /** Raw bytes received after a DATA header so far (for "lost after N bytes"). */
  bodyBytes = 0;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffered = this.buffered.length === 0 ? d : Buffer.concat([this.buffered, d]);
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
    socket.on('error', (e) => {
      this.error = e;
      this.wake();
    });
  }

  /** The next line without its newline; undefined when the stream ends first. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buffered.indexOf(10);
      if (nl >= 0) {
        const line = this.buffered.toString('latin1', 0, nl);
        this.buffered = this.buffered.subarray(nl + 1);
        return line;
      }
      if (this.buffered.length > MAX_HEADER_LINE) throw new Error(`header line longer than ${MAX_HEADER_LINE} bytes`);
      if (this.ended || this.error) return undefined;
      await this.wait();
    }
  }

  /**
   * Exactly `size` bytes, or undefined when the stream ends first (bodyBytes says how many
   * came). `onChunk` sees each piece as it arrives (to hash while receiving: hashing a whole
   * file at the end blocks the event loop that hundreds of phones share).
   */
  async body(size: number, onChunk?: (chunk: Buffer) => void): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let have = 0;
    for (;;) {
      if (this.buffered.length > 0) {
        const take = this.buffered.subarray(0, size - have);
        this.buffered = this.buffered.subarray(take.length);
        parts.push(take);
        onChunk?.(take);
        have += take.length;
        this.bodyBytes = have;
      }
      if (have === size) return Buffer.concat(parts, size);
      if (this.ended || this.error) return undefined;
      await this.wait();
    }
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
