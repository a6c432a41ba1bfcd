// A sink that keeps everything, for callers that want the whole ParsedConsoleLog.
import type { ConsoleSink } from './assembler.ts';
import type { ConsoleRecord, ParsedConsoleLog, PfsEvent, RawLine } from './types.ts';

export class CollectingSink implements ConsoleSink {
  readonly records: ConsoleRecord[] = [];
  readonly events: PfsEvent[] = [];
  readonly raws: RawLine[] = [];
  readonly unreadableLines: number[] = [];

  record(record: ConsoleRecord): void {
    this.records.push(record);
  }
  event(event: PfsEvent): void {
    this.events.push(event);
  }
  raw(raw: RawLine): void {
    this.raws.push(raw);
  }
  unreadable(line: number): void {
    this.unreadableLines.push(line);
  }

  result(source: string): ParsedConsoleLog {
    return {
      source,
      records: this.records,
      raw: this.raws,
      unreadable: { count: this.unreadableLines.length, lines: this.unreadableLines },
      events: this.events,
    };
  }
}
