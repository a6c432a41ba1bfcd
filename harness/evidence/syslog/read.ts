// Reads a syslog evidence file (evidence-line.ts) back: each datagram, and the console-log
// text it carries, so that the analysis reads syslog like a console log. Line N of the
// console text is line N of the evidence file (header lines become empty lines), so a
// record's line number points into the evidence file.
import { readFile } from 'node:fs/promises';
import { parseConsoleLog } from '../console/index.ts';
import type { ConsoleParseOptions, ParsedConsoleLog } from '../console/index.ts';
import type { EvidenceLine } from './evidence-line.ts';
import { EVIDENCE_MAGIC, EvidenceFormatError, parseEvidenceLine } from './evidence-line.ts';
import { parseSyslogDatagram } from './frame.ts';

export interface SyslogDatagram extends EvidenceLine {
  /** 1-based line of the evidence file. */
  line: number;
  host?: string;
  /** The console record the message carries (LEVEL HH:MM:SS.micros TASK: text), else the whole message. */
  consoleLine: string;
}

export interface SyslogEvidence {
  file: string;
  /** What the header says about the sender (escaped). */
  sender: string;
  datagrams: SyslogDatagram[];
  /** The console-log text: line N = the console line of the datagram on evidence line N. */
  consoleText: string;
}

/** A console record inside a syslog MSG, after whatever TAG or prefix the sender put before it. */
const CONSOLE_RECORD = /(?:^|[\s:])((?:DBG|NOT|INF|ERR|WRN|NF) \d{2}:\d{2}:\d{2}\.\d+ \S)/;

export function consoleLineOf(message: string): string {
  const m = CONSOLE_RECORD.exec(message);
  const text = m?.[1] !== undefined ? message.slice((m.index ?? 0) + m[0].length - m[1].length) : message;
  // One datagram is one line of the console text.
  return text.replace(/\r?\n/g, ' ');
}

export function parseSyslogEvidence(text: string, file: string): SyslogEvidence {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (!lines[0]?.startsWith(EVIDENCE_MAGIC)) throw new EvidenceFormatError(`${file}:1: not a pfslab syslog evidence file (expected a first line starting "${EVIDENCE_MAGIC}")`);
  const sender = lines[0].slice(EVIDENCE_MAGIC.length).replace(/^:\s*/, '');
  const datagrams: SyslogDatagram[] = [];
  const consoleLines: string[] = [];
  lines.forEach((raw, i) => {
    if (raw.startsWith('#')) {
      consoleLines.push('');
      return;
    }
    const e = parseEvidenceLine(raw, `${file}:${i + 1}`);
    const parsed = parseSyslogDatagram(Buffer.from(e.datagram, 'utf8'));
    const message = parsed.ok ? parsed.frame.message : e.datagram;
    const consoleLine = consoleLineOf(message);
    consoleLines.push(consoleLine);
    datagrams.push({ ...e, line: i + 1, ...(parsed.ok && parsed.frame.host !== undefined ? { host: parsed.frame.host } : {}), consoleLine });
  });
  return { file, sender, datagrams, consoleText: consoleLines.join('\n') };
}

export async function readSyslogEvidence(file: string): Promise<SyslogEvidence> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new EvidenceFormatError(`cannot read syslog evidence ${file}: ${e.code ?? e.message}`);
  });
  return parseSyslogEvidence(text, file);
}

/**
 * The evidence as a parsed console log (records, PFS events), its source the evidence file.
 * One datagram is one whole line: the console parser must not join a datagram to the record
 * before it as a wrapped line, so each is parsed after a blank line (which ends a record),
 * and line numbers are mapped back to the evidence file's.
 */
export function syslogAsConsoleLog(ev: SyslogEvidence, options: ConsoleParseOptions = {}): ParsedConsoleLog {
  const spaced = ev.consoleText
    .split('\n')
    .map((l) => `${l}\n`)
    .join('\n');
  const parsed = parseConsoleLog(spaced, ev.file, options);
  const back = (line: number): number => (line + 1) / 2;
  return {
    source: parsed.source,
    records: parsed.records.map((r) => ({ ...r, line: back(r.line), endLine: back(r.endLine) })),
    raw: parsed.raw.filter((r) => r.line % 2 === 1 && r.text !== '').map((r) => ({ ...r, line: back(r.line) })),
    unreadable: { count: parsed.unreadable.count, lines: parsed.unreadable.lines.map(back) },
    events: parsed.events.map((e) => ({ ...e, line: back(e.line) })),
  };
}
