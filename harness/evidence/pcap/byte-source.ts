// Where the capture reader's bytes come from. The reader only ever reads forward (and skips
// forward over blocks too big to keep), so a capture can come from anything that streams:
//  - a regular file: read at positions (pread), the fastest path;
//  - stdin (`--pcap -`) or a pipe/FIFO (`--pcap <(zcat x.pcap.gz)`): streamed. A FIFO is
//    opened with O_NONBLOCK and read through a libuv pipe handle, so waiting for its writer
//    blocks no thread and can be given up: without a first byte within `fifoWaitMs` the
//    read ends with a CaptureError instead of hanging forever;
//  - gzip (`.pcap.gz`, `.pcapng.gz`, or gzip on a pipe), recognised by its magic bytes, not
//    by the name: decompressed as a stream by Node's zlib, so a 1 GB capture never sits in
//    memory whole.
// Anything else (a directory, a device, a socket) is refused before a byte is read.
//
// node:net and node:zlib are imported when a FIFO or gzip input needs them: a plain capture
// file, what `pfslab analyze` mostly reads, starts faster without them. (Builtins only: a
// dynamic import of one of our own modules would give tests under tsx a second copy of
// CaptureError, which `instanceof` would not recognise.)
import { close, closeSync, constants, createReadStream, fstatSync, openSync, read, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { promisify } from 'node:util';
import { Readable, pipeline } from 'node:stream';
import { fileKindName } from '../../io/bounded-file.ts';
import { CaptureError } from './capture-error.ts';

export interface ByteSource {
  /** Fills buf[off, off + len) with the next bytes; fewer only at the end of the input. */
  read(buf: Buffer, off: number, len: number): Promise<number>;
  /**
   * True when `read` has its bytes before it returns (a regular file): the reader then decodes
   * a chunk before reading the next, while the chunk is still in the CPU's cache. Otherwise
   * (streams) it reads the next chunk in the background while decoding this one.
   */
  readonly readsAtOnce: boolean;
  /** Skips the next n bytes; returns how many were skipped (fewer only at the end). */
  skip(n: number): Promise<number>;
  /** Bytes in the input when known before reading (a regular, uncompressed file). */
  readonly size: number | undefined;
  /** What the input is, for messages: "file", "pipe", "stdin", with " (gzip)" when decompressed. */
  readonly kind: string;
  close(): Promise<void>;
}

export interface OpenSourceOptions {
  /** stdin for `-` (default process.stdin); tests pass their own stream. */
  stdin?: Readable;
  /** How long a FIFO may wait for its first byte (default 60 s). */
  fifoWaitMs?: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** zlib's output pieces; larger than its 16 KiB default, fewer copies and callbacks. */
const GUNZIP_CHUNK = 256 * 1024;
const DEFAULT_FIFO_WAIT_MS = 60_000;

/** Opens a capture input: a path, or `-` for stdin. Throws CaptureError for what cannot be one. */
export async function openByteSource(path: string, opts: OpenSourceOptions = {}): Promise<ByteSource> {
  if (path === '-') {
    const stdin = opts.stdin ?? process.stdin;
    if ((stdin as { isTTY?: boolean }).isTTY === true) throw new CaptureError(path, 0, 'stdin is a terminal: pipe a capture into it (e.g. zcat x.pcap.gz | pfslab analyze --pcap -)');
    return streamed(stdin, 'stdin', path, undefined);
  }
  let fd: number;
  let st: Stats;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for its writer (that would block a thread for
    // good), so the synchronous open returns at once; on a regular file the flag does nothing.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new CaptureError(path, 0, `cannot open: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw new CaptureError(path, 0, `unreadable: ${(e as Error).message}`, { cause: e });
  }
  if (st.isFIFO()) {
    // A libuv pipe handle reads the non-blocking descriptor through epoll: no thread waits.
    const { Socket } = await import('node:net');
    const socket = new Socket({ fd, readable: true, writable: false });
    return streamed(socket, 'pipe', path, opts.fifoWaitMs ?? DEFAULT_FIFO_WAIT_MS);
  }
  if (!st.isFile()) {
    closeSync(fd);
    throw new CaptureError(path, 0, `is ${fileKindName(st)}: a capture is read from a regular file, a pipe, or stdin (--pcap -)`);
  }
  const head = Buffer.alloc(2);
  const { bytesRead } = await readAt(fd, head, 0, 2, 0);
  if (bytesRead === 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
    const raw = createReadStream('', { fd, start: 0, highWaterMark: 1024 * 1024, autoClose: true });
    return await gunzipped(raw, 'file', path);
  }
  return new FileSource(fd, st.size);
}

const readAt = promisify(read);
const closeFd = promisify(close);

/** Reads between two turns of the event loop (16 MiB with the reader's 1 MiB chunks). */
const READS_PER_TURN = 16;

/**
 * pread at a tracked position: the fast path for regular files. Synchronous preads: a 1 MiB
 * read from the page cache takes a fraction of a millisecond, and an asynchronous one costs
 * more than that in hand-offs to libuv's thread pool and back (the 1 GB capture: ~1,000 of
 * them, the main thread idle half of its time waiting). The event loop still turns every
 * READS_PER_TURN reads, so a run that reads a capture keeps serving its timers.
 */
class FileSource implements ByteSource {
  readonly kind = 'file';
  readonly readsAtOnce = true;
  private position = 0;
  private reads = 0;
  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    if (++this.reads % READS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    let got = 0;
    while (got < len) {
      const bytesRead = readSync(this.fd, buf, off + got, len - got, this.position);
      if (bytesRead === 0) break;
      got += bytesRead;
      this.position += bytesRead;
    }
    return got;
  }

  skip(n: number): Promise<number> {
    const skipped = Math.max(0, Math.min(n, this.size - this.position));
    this.position += skipped;
    return Promise.resolve(skipped);
  }

  close(): Promise<void> {
    return closeFd(this.fd);
  }
}

/** A stream's pieces copied into the reader's buffers, gzip or not (told by the first bytes). */
async function streamed(input: Readable, kind: string, path: string, firstByteWaitMs: number | undefined): Promise<ByteSource> {
  const pieces = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await firstPiece(pieces, input, path, firstByteWaitMs);
  if (first === undefined) return new StreamSource(emptyIterator(), kind, () => input.destroy());
  if (first.length >= 1 && first[0] === GZIP_MAGIC_0 && (first.length < 2 || first[1] === GZIP_MAGIC_1)) {
    return await gunzipped(Readable.from(prepend(first, pieces), { objectMode: false }), kind, path, () => input.destroy());
  }
  return new StreamSource(prepend(first, pieces)[Symbol.asyncIterator](), kind, () => input.destroy());
}

async function firstPiece(pieces: AsyncIterator<Buffer | string>, input: Readable, path: string, waitMs: number | undefined): Promise<Buffer | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout =
    waitMs === undefined
      ? undefined
      : new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), waitMs);
        });
  try {
    const next = pieces.next();
    const r = timeout === undefined ? await next : await Promise.race([next, timeout]);
    if (r === 'timeout') {
      input.destroy();
      next.catch(() => undefined);
      throw new CaptureError(path, 0, `a FIFO without data for ${Math.round((waitMs ?? 0) / 1000)} s: is anything writing to it?`);
    }
    return r.done ? undefined : toBuffer(r.value);
  } catch (e) {
    if (e instanceof CaptureError) throw e;
    throw new CaptureError(path, 0, `unreadable: ${(e as Error).message}`, { cause: e });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

async function gunzipped(raw: Readable, kind: string, path: string, onClose: () => void = () => undefined): Promise<ByteSource> {
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  // pipeline forwards an error of the raw input into the gunzip stream, so the reader sees it.
  const out = pipeline(raw, gunzip, () => undefined);
  return new StreamSource(out[Symbol.asyncIterator]() as AsyncIterator<Buffer>, `${kind} (gzip)`, () => {
    out.destroy();
    raw.destroy();
    onClose();
  }, 'gzip: ');
}

class StreamSource implements ByteSource {
  readonly size = undefined;
  readonly readsAtOnce = false;
  private piece: Buffer | undefined;
  private ended = false;
  /** An error met after some bytes of a read: thrown by the next read. */
  private failure: Error | undefined;

  constructor(
    private readonly pieces: AsyncIterator<Buffer | string>,
    readonly kind: string,
    private readonly onClose: () => void,
    private readonly errorPrefix = '',
  ) {}

  async read(buf: Buffer, off: number, len: number): Promise<number> {
    let got = 0;
    while (got < len) {
      let piece: Buffer | undefined;
      try {
        piece = await this.nextPiece();
      } catch (e) {
        // The bytes before a broken stream are read first; the error comes with the next read.
        if (got === 0) throw e;
        this.failure = e as Error;
        break;
      }
      if (piece === undefined) break;
      const take = Math.min(len - got, piece.length);
      piece.copy(buf, off + got, 0, take);
      got += take;
      this.piece = take === piece.length ? undefined : piece.subarray(take);
    }
    return got;
  }

  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      const piece = await this.nextPiece();
      if (piece === undefined) break;
      const take = Math.min(n - skipped, piece.length);
      skipped += take;
      this.piece = take === piece.length ? undefined : piece.subarray(take);
    }
    return skipped;
  }

  close(): Promise<void> {
    this.onClose();
    return Promise.resolve();
  }

  private async nextPiece(): Promise<Buffer | undefined> {
    if (this.piece !== undefined) return this.piece;
    if (this.failure !== undefined) throw this.failure;
    if (this.ended) return undefined;
    let r: IteratorResult<Buffer | string>;
    try {
      r = await this.pieces.next();
    } catch (e) {
      this.ended = true;
      throw new Error(`${this.errorPrefix}${(e as Error).message}`, { cause: e });
    }
    if (r.done) {
      this.ended = true;
      return undefined;
    }
    this.piece = toBuffer(r.value);
    return this.piece;
  }
}

function toBuffer(v: Buffer | string): Buffer {
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const r = await rest.next();
    if (r.done) return;
    yield toBuffer(r.value);
  }
}

function emptyIterator(): AsyncIterator<Buffer> {
  return { next: () => Promise.resolve({ done: true, value: undefined }) };
}
