// Turns source lines, one at a time, into records, raw lines and unreadable line numbers.
// Both the whole-text parser and the chunk stream drive it, so they cannot disagree.
//
// How a line is classified (in this order):
//  1. a record header, after an optional stray quote (`"NOT 02:19:24.412095 DLoad: ...`):
//     starts a record. A header without its level (`02:19:34.410208 DLoad: ...`) starts
//     one only if the open record's last line ends with a level token, which was the
//     new record's level glued on (`...ClaimRoot(tent)INF`); it is split off.
//  2. blank: raw ("blank line"); it ends the open record.
//  3. garbage (control bytes, non-UTF-8): unreadable; it ends the open record.
//  4. the start of a header that does not finish (a cut record): raw; ends the record.
//  5. anything else continues the open record (a wrapped line, joined with a space), or
//     is raw when no record is open.
import { looksLikeHeader, newHeaderScan, scanHeader, splitGluedLevel } from './header.ts';
import type { FullLevel, HeaderScan } from './header.ts';
import { isBlank, isGarbage } from './line-kinds.ts';
import { removeStrayQuote } from './stray-quotes.ts';
import { TimeOrder } from './time-order.ts';
import type { CompiledDialect } from './dialect.ts';
import type { ConsoleRecord, PfsEvent, RawLine, Repair } from './types.ts';

/** Where the assembler's output goes; records arrive final and in file order. */
export interface ConsoleSink {
  record(record: ConsoleRecord): void;
  event(event: PfsEvent): void;
  raw(raw: RawLine): void;
  unreadable(line: number): void;
}

export const RAW_REASONS = {
  blank: 'blank line',
  noHeader: 'no LEVEL HH:MM:SS.micros TASK: prefix',
  cutHeader: 'damaged record header (starts like one, does not parse)',
  noLevel: 'timestamp without a level, and no level glued to the end of the line before',
} as const;

// Repairs as bits while a record is assembled; listed in the Repair type's order.
const STRAY_QUOTE = 1;
const JOINED_WRAP = 2;
const SPLIT_GLUED = 4;
const TRUNCATED_LEVEL = 8;
const REPAIR_NAMES: readonly [number, Repair][] = [
  [STRAY_QUOTE, 'stray-quote'],
  [JOINED_WRAP, 'joined-wrap'],
  [SPLIT_GLUED, 'split-glued'],
  [TRUNCATED_LEVEL, 'truncated-level'],
];

function repairList(bits: number): Repair[] {
  const list: Repair[] = [];
  if (bits === 0) return list;
  for (const [bit, name] of REPAIR_NAMES) if (bits & bit) list.push(name);
  return list;
}

const QUOTE = 34;
/**
 * Most records need no repair; they share this one frozen empty list (one object less per
 * record: a 2 M-line log keeps 2 M records alive, and every object slows the GC).
 */
const NO_REPAIRS: Repair[] = Object.freeze([]) as unknown as Repair[];
/** Task names seen lately: a log has a handful, so records share one string per task. */
const RECENT_TASKS = 8;

export class ConsoleAssembler {
  /** The record being assembled; its text and repairs are set when it is closed. */
  private open: ConsoleRecord | null = null;
  /** Its header line's text, then each continuation line. */
  private openPieces: string[] = [];
  private openRepairs = 0;
  private nextIndex = 0;
  private readonly order: TimeOrder;
  private readonly scan: HeaderScan = newHeaderScan();
  private readonly tasks: string[] = [];

  constructor(
    private readonly sink: ConsoleSink,
    private readonly dialect: CompiledDialect,
  ) {
    this.order = new TimeOrder((record) => this.release(record));
  }

  /** One source line (without its \n), numbered from 1. */
  line(line: string, lineNumber: number): void {
    this.lineAt(line, 0, line.length, lineNumber);
  }

  /**
   * The source line text[from, to) (without its \n), numbered from 1. A whole text is
   * read in place: a header line is never copied out, only its fields are.
   */
  lineAt(text: string, from: number, to: number, lineNumber: number): void {
    // CRs before the \n end the line too (CRLF files, \r\r\n from serial captures).
    let end = to;
    while (end > from && text.charCodeAt(end - 1) === 13) end--;
    const start = end > from && text.charCodeAt(from) === QUOTE ? from + 1 : from;
    if (scanHeader(text, start, end, this.scan)) {
      this.startRecord(text, from, end, lineNumber, start > from ? STRAY_QUOTE : 0);
      return;
    }
    const line = from === 0 && end === text.length ? text : text.slice(from, end);
    if (isBlank(line)) {
      this.closeOpen();
      this.sink.raw({ kind: 'raw', line: lineNumber, text: line, reason: RAW_REASONS.blank });
    } else if (isGarbage(line)) {
      this.closeOpen();
      this.sink.unreadable(lineNumber);
    } else if (looksLikeHeader(line, start - from)) {
      this.closeOpen();
      this.sink.raw({ kind: 'raw', line: lineNumber, text: line, reason: RAW_REASONS.cutHeader });
    } else if (this.open !== null) {
      this.openPieces.push(line);
      this.open.endLine = lineNumber;
      this.openRepairs |= JOINED_WRAP;
    } else {
      this.sink.raw({ kind: 'raw', line: lineNumber, text: line, reason: RAW_REASONS.noHeader });
    }
  }

  /** End of input: closes the open record and releases every record still held. */
  end(): void {
    this.closeOpen();
    this.order.flush();
  }

  /** Starts the record whose header scanHeader just read from text[from, end). */
  private startRecord(text: string, from: number, end: number, lineNumber: number, repairs: number): void {
    const scan = this.scan;
    let level = scan.level;
    if (level === null) {
      level = this.takeGluedLevel();
      if (level === null) {
        this.closeOpen();
        const line = text.slice(from, end);
        this.sink.raw({ kind: 'raw', line: lineNumber, text: line, reason: RAW_REASONS.noLevel });
        return;
      }
      repairs |= SPLIT_GLUED;
    }
    if (scan.truncated) repairs |= TRUNCATED_LEVEL;
    this.closeOpen();
    this.open = {
      kind: 'record',
      index: this.nextIndex++,
      line: lineNumber,
      endLine: lineNumber,
      level,
      time: text.slice(scan.timeStart, scan.timeEnd),
      timeMicros: scan.timeMicros,
      task: this.taskName(text, scan.taskStart, scan.taskEnd),
      text: '',
      repairs: NO_REPAIRS,
      outOfOrder: false,
    };
    const first = text.slice(scan.textStart, end);
    // Reuse the pieces list; most records have one piece, so avoid truncating it.
    if (this.openPieces.length === 1) this.openPieces[0] = first;
    else {
      this.openPieces.length = 0;
      this.openPieces.push(first);
    }
    this.openRepairs = repairs;
  }

  private taskName(line: string, start: number, end: number): string {
    const length = end - start;
    for (const task of this.tasks) {
      if (task.length === length && line.startsWith(task, start)) return task;
    }
    const task = line.slice(start, end);
    if (this.tasks.length === RECENT_TASKS) this.tasks.pop();
    this.tasks.unshift(task);
    return task;
  }

  /**
   * The level glued to the end of the open record's last line, removed from it; or null.
   * A stray quote after the token (`...)INF"`) is removed first.
   */
  private takeGluedLevel(): FullLevel | null {
    if (this.open === null) return null;
    const pieces = this.openPieces;
    const quoteRemoved = removeStrayQuote(pieces);
    const last = pieces.length - 1;
    const glued = splitGluedLevel(pieces[last] ?? '');
    if (quoteRemoved) this.openRepairs |= STRAY_QUOTE;
    if (glued === null) return null;
    pieces[last] = glued.rest;
    this.openRepairs |= SPLIT_GLUED;
    return glued.level;
  }

  private closeOpen(): void {
    const record = this.open;
    if (record === null) return;
    this.open = null;
    const pieces = this.openPieces;
    let repairs = this.openRepairs;
    if (removeStrayQuote(pieces)) repairs |= STRAY_QUOTE;
    record.text = joinPieces(pieces);
    if (repairs !== 0) record.repairs = repairList(repairs);
    this.order.add(record);
  }

  private release(record: ConsoleRecord): void {
    this.sink.record(record);
    const event = this.dialect.eventFor(record);
    if (event !== null) this.sink.event(event);
  }
}

/** A wrapped record's lines lost the blank they were wrapped at: put one back. */
function joinPieces(pieces: readonly string[]): string {
  if (pieces.length === 1) return pieces[0] ?? '';
  let text = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    text = text === '' ? piece : `${text} ${piece}`;
  }
  return text;
}
