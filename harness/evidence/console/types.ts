// Typed records of a 79xx phone console log (`LEVEL HH:MM:SS.micros TASK: text`) and the
// PFS events recognised in them. The parser keeps every line it cannot read as a raw
// record: evidence is never dropped, only classified.

/**
 * NF is not a level of its own: it is INF with its first letter lost, as published. The
 * parser reports such a record as INF with the 'truncated-level' repair (likewise BG, OT,
 * RR, RN); NF stays in this type for records made elsewhere.
 */
export type LogLevel = 'DBG' | 'NOT' | 'INF' | 'ERR' | 'WRN' | 'NF';

/** What the parser had to do to recover a record from a damaged source line. */
export type Repair =
  | 'stray-quote' // a double quote at the start or end of a line was removed
  | 'joined-wrap' // the record continued on the next source line(s) and was joined
  | 'split-glued' // the record was glued to the start of the next one and was split off
  | 'truncated-level'; // the level lost characters (NF for INF)

export interface ConsoleRecord {
  kind: 'record';
  /** Position in the file's record order (0-based), not in time order. */
  index: number;
  /**
   * 1-based source line where the record starts, and the last line it spans. For a record
   * whose level was glued to the end of the line before ('split-glued'), `line` is the
   * line holding its timestamp, task and text; the level token sits at the end of line-1.
   */
  line: number;
  endLine: number;
  level: LogLevel;
  /** The timestamp as written, e.g. "02:19:22.634167". */
  time: string;
  /** Microseconds since 00:00:00 of the (unknown) day. */
  timeMicros: number;
  task: string;
  text: string;
  /** In the order of the Repair type. Records without repairs share one frozen empty list. */
  repairs: Repair[];
  /**
   * True when this record's time is earlier than the record before it in the file, except
   * that a lone late record is flagged instead of the in-order one after it (the published
   * 02:19:34 record between 02:19:23 and 02:19:24), and that a step back of more than 12 h
   * is midnight passing. See time-order.ts.
   */
  outOfOrder: boolean;
}

export interface RawLine {
  kind: 'raw';
  line: number;
  text: string;
  /** Why it is not a record, e.g. "no LEVEL HH:MM:SS.micros TASK: prefix". */
  reason: string;
}

interface EventBase {
  /** Index of the record the event was read from, and its source line. */
  record: number;
  line: number;
  timeMicros: number;
}

export type PfsEvent =
  | (EventBase & { type: 'listening'; port: number; fd: number })
  | (EventBase & { type: 'udp-port-opened' })
  | (EventBase & { type: 'slots'; parentFd: number; childFds: [number, number]; full: boolean })
  | (EventBase & { type: 'claim-root'; xid: string; map: string; strength: string })
  | (EventBase & { type: 'advert'; xid: string; n: number; claim: string })
  | (EventBase & { type: 'timeout'; xid: string; hier: string })
  | (EventBase & { type: 'root-confirmed' })
  | (EventBase & {
      type: 'hroot';
      xid: string;
      h: string;
      model: string;
      rootIp: string;
      /** As logged, e.g. /dnld/SCCP41.9-4-2SR2-2S.loads */
      path: string;
      /** Basename of path: the file this root was elected for. */
      file: string;
    })
  | (EventBase & { type: 'tftp-xfrcmd'; xid: string; state: string; reason: string })
  /** Events of dialects added later (e.g. the virtual lab's child-side lines). */
  | (EventBase & { type: 'other'; name: string; fields: Record<string, string> });

export interface ParsedConsoleLog {
  /** Where the text came from (file path or a label). */
  source: string;
  records: ConsoleRecord[];
  raw: RawLine[];
  /** Lines that could not be read at all (binary garbage, cut records), by line number. */
  unreadable: { count: number; lines: number[] };
  events: PfsEvent[];
}
