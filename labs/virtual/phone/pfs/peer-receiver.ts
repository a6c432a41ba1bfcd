// The child's end of a TCP 4051 connection: one header line (REDIRECT, REFUSE or DATA), then
// after DATA exactly `size` bytes of the file, checked (CRC-32) as they arrive. Read without
// a copy: with net's `onread` option the kernel writes the header into a small buffer and,
// once the header asked for one, every byte of the file straight into the buffer that will
// hold it, or, when the phone's process already holds a verified copy of the file
// (shared-files.ts), into one small scratch buffer that all such receivers reuse: the bytes
// are received and checked all the same, and the phone then keeps the process's copy. Why
// by hand and not a stream: in the scale bench a thousand phones of two processes receive
// 8 GB; the stream path's 64 KiB chunk per read, the concatenation and the garbage they made
// were a quarter of the phones' CPU, and receiving into fresh memory made the kernel clear
// a page for every 4 KiB received (14 % of all CPU).
import type { OnReadOpts } from 'node:net';
import { crc32 } from 'node:zlib';
import { MAX_HEADER_LINE } from './messages.ts';
import { Wakeup } from './wakeup.ts';

/** Where a DATA header's body goes: a buffer of exactly its size, or `check` bytes read, checked and dropped. */
export type BodyTarget = Buffer | { check: number };

/** A complete body: the buffer it went to (undefined when only checked), and its CRC-32. */
export interface ReceivedBody {
  buffer: Buffer | undefined;
  size: number;
  crc32: number;
}

export class PeerReceiver {
  private readonly head = Buffer.allocUnsafe(MAX_HEADER_LINE + 1);
  private headFilled = 0;
  private headerLine: string | undefined;
  /** The file's buffer, once the header line asked for one (bodyFor); undefined when the body is only checked. */
  private bodyBuffer: Buffer | undefined;
  /** Body size the header line announced; -1 before it (or when no body follows). */
  private bodySize = -1;
  private bodyFilled = 0;
  private crc = 0;
  private tooLong = false;
  private ended = false;
  private readonly arrived = new Wakeup();

  /** Pass to the connection (net.connect's `onread`). */
  readonly onread: OnReadOpts;

  /**
   * `bodyFor(line)`: called once, as soon as the header line is in, with the line; says where
   * the body goes, or undefined when no body follows.
   */
  constructor(private readonly bodyFor: (line: string) => BodyTarget | undefined) {
    this.onread = {
      // Called before the first read and after each one: where the next bytes go. Bytes
      // beyond header and body (a parent sending too much) land in a scratch page, ignored.
      buffer: () => {
        if (this.headerLine === undefined && !this.tooLong) return this.head.subarray(this.headFilled);
        const left = this.bodySize - this.bodyFilled;
        if (left <= 0) return overflow;
        return this.bodyBuffer ? this.bodyBuffer.subarray(this.bodyFilled) : scratch.subarray(0, Math.min(left, scratch.length));
      },
      callback: (n: number, into: Uint8Array) => {
        if (into !== overflow) this.received(n, into);
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

  /** The whole body, or undefined when the connection ends first (bodyBytes says how many came). */
  async body(): Promise<ReceivedBody | undefined> {
    if (this.bodySize < 0) throw new Error('no body: the header line asked for none');
    for (;;) {
      if (this.bodyFilled === this.bodySize) return { buffer: this.bodyBuffer, size: this.bodySize, crc32: this.crc };
      if (this.ended) return undefined;
      await this.arrived.next();
    }
  }

  private received(n: number, into: Uint8Array): void {
    if (this.headerLine === undefined) {
      this.headFilled += n;
      const nl = this.head.subarray(0, this.headFilled).indexOf(10);
      if (nl < 0) {
        if (this.headFilled >= this.head.length) this.tooLong = true;
      } else {
        this.headerLine = this.head.toString('latin1', 0, nl);
        const target = this.bodyFor(this.headerLine);
        if (target !== undefined) {
          this.bodyBuffer = Buffer.isBuffer(target) ? target : undefined;
          this.bodySize = Buffer.isBuffer(target) ? target.length : target.check;
          // What came with the header line is the start of the body: the one copy made.
          this.take(this.head.subarray(nl + 1, Math.min(this.headFilled, nl + 1 + this.bodySize)), true);
        }
      }
    } else {
      // Checked at once: the scratch buffer is the next read's, and a piece just written is
      // still in the CPU's cache.
      this.take(into.subarray(0, n), false);
    }
    this.arrived.wake();
  }

  /** `copy`: the piece is not where the body goes yet (it came with the header line). */
  private take(piece: Uint8Array, copy: boolean): void {
    if (piece.length === 0) return;
    if (copy) this.bodyBuffer?.set(piece, this.bodyFilled);
    this.crc = crc32(piece, this.crc);
    this.bodyFilled += piece.length;
  }
}

/** Where reads go once header and body are full (a misbehaving parent sending too much). */
const overflow = Buffer.allocUnsafe(64 * 1024);
/**
 * Where bodies that are only checked land, shared by every receiver of the process: each
 * piece is checked before the next read. Small enough to stay in the CPU's cache.
 */
const scratch = Buffer.allocUnsafe(256 * 1024);
