// Incremental parsing for a collector that follows a live log: feed chunks split
// anywhere (even inside a line, a CRLF or a UTF-8 sequence) and get, per chunk, what
// became final. The records are the same as parseConsoleLog on the whole text, because
// both drive the same line assembler.
//
// Records come out late on purpose: a record is final only when the line after it shows
// it is not wrapped, and its time-order flag needs two more records (see time-order.ts).
import { ConsoleAssembler } from './assembler.ts';
import type { ConsoleSink } from './assembler.ts';
import { CollectingSink } from './collect.ts';
import { dialectOf } from './options.ts';
import { LineEnds } from './line-ends.ts';
import type { ConsoleParseOptions } from './options.ts';
import type { ConsoleRecord, ParsedConsoleLog, PfsEvent, RawLine } from './types.ts';

/** What became final during one push() or end(). */
export interface ConsoleLogDelta {
  records: ConsoleRecord[];
  events: PfsEvent[];
  raw: RawLine[];
  unreadable: number[];
}

export interface ConsoleStreamOptions extends ConsoleParseOptions {
  /** Keep everything for result() (default true); false for an endless follow. */
  retain?: boolean;
}

function emptyDelta(): ConsoleLogDelta {
  return { records: [], events: [], raw: [], unreadable: [] };
}

/** Writes to the current delta and, when retaining, to the whole result. */
class DeltaSink implements ConsoleSink {
  delta = emptyDelta();
  constructor(private readonly retained: CollectingSink | null) {}
  record(record: ConsoleRecord): void {
    this.delta.records.push(record);
    this.retained?.record(record);
  }
  event(event: PfsEvent): void {
    this.delta.events.push(event);
    this.retained?.event(event);
  }
  raw(raw: RawLine): void {
    this.delta.raw.push(raw);
    this.retained?.raw(raw);
  }
  unreadable(line: number): void {
    this.delta.unreadable.push(line);
    this.retained?.unreadable(line);
  }
  take(): ConsoleLogDelta {
    const delta = this.delta;
    this.delta = emptyDelta();
    return delta;
  }
}

export class ConsoleLogStream {
  private readonly retained: CollectingSink | null;
  private readonly sink: DeltaSink;
  private readonly assembler: ConsoleAssembler;
  private decoder: TextDecoder | null = null;
  /** Text after the last \n seen: the start of a line still being written. */
  private partial = '';
  private lineNumber = 0;
  private atStart = true;
  private ended = false;

  constructor(
    readonly source: string,
    options: ConsoleStreamOptions = {},
  ) {
    this.retained = options.retain === false ? null : new CollectingSink();
    this.sink = new DeltaSink(this.retained);
    this.assembler = new ConsoleAssembler(this.sink, dialectOf(options));
  }

  /** Feeds text, or bytes (UTF-8, decoded across chunk boundaries). */
  push(chunk: string | Uint8Array): ConsoleLogDelta {
    if (this.ended) throw new Error(`console stream ${this.source}: push() after end()`);
    this.feed(typeof chunk === 'string' ? this.flushDecoder() + chunk : this.decode(chunk));
    return this.sink.take();
  }

  /** End of input: the last line (even without \n) and every record still held. */
  end(): ConsoleLogDelta {
    if (!this.ended) {
      this.feed(this.flushDecoder());
      this.ended = true;
      if (this.partial !== '') this.assembler.line(this.partial, ++this.lineNumber);
      this.partial = '';
      this.assembler.end();
    }
    return this.sink.take();
  }

  /** Everything so far (complete after end()); needs retain (the default). */
  result(): ParsedConsoleLog {
    if (this.retained === null) {
      throw new Error(`console stream ${this.source}: result() needs retain: true`);
    }
    return this.retained.result(this.source);
  }

  private decode(bytes: Uint8Array): string {
    this.decoder ??= new TextDecoder('utf-8');
    return this.decoder.decode(bytes, { stream: true });
  }

  private flushDecoder(): string {
    if (this.decoder === null) return '';
    const rest = this.decoder.decode();
    this.decoder = null;
    return rest;
  }

  private feed(text: string): void {
    if (text === '') return;
    let from = 0;
    if (this.atStart) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) from = 1;
    }
    const all = this.partial === '' ? (from === 0 ? text : text.slice(from)) : this.partial + (from === 0 ? text : text.slice(from));
    this.partial = '';
    // Same line ends as parseConsoleLog; a CR run at the end of a chunk waits for the next one.
    const ends = new LineEnds(all);
    let at = 0;
    while (at < all.length) {
      const end = ends.endOf(at, false);
      if (end === -1 || end === all.length) break;
      this.assembler.lineAt(all, at, end, ++this.lineNumber);
      at = ends.next;
    }
    if (at < all.length) this.partial = at === 0 ? all : all.slice(at);
  }
}

/** Parses a log arriving in chunks (e.g. fs.createReadStream or a socket). */
export async function parseConsoleLogStream(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  source: string,
  options: ConsoleParseOptions = {},
): Promise<ParsedConsoleLog> {
  const stream = new ConsoleLogStream(source, options);
  for await (const chunk of chunks) stream.push(chunk);
  stream.end();
  return stream.result();
}
