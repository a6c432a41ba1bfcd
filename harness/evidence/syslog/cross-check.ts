// Two independent copies of one phone's console lines: the syslog stream (sent by the phone
// as it writes them) and the console log copied from its web pages. A line present in one
// and missing in the other is reported, with the file and line that hold it.
//
// The two cover different spans: the web copy starts when collection starts, the syslog
// stream when the phone first knows its Log Server (and a receiver may stop before the web
// copy's last poll). So lines are compared between the first and the last line the two have
// in common; what lies outside is counted as "not compared" (before / after), never as
// agreement. Lines are compared by their whole text (the phone's microsecond timestamp makes
// each line practically unique), as multisets: a line written twice must arrive twice.
import type { ConsoleRecord, ParsedConsoleLog, RawLine } from '../console/types.ts';

export interface LineRef {
  file: string;
  line: number;
  text: string;
}

export interface PhoneCrossCheck {
  phone: string;
  syslogFile?: string;
  consoleFile?: string;
  /** Lines both have (inside the compared span). */
  common: number;
  /** In the console log, not in the syslog stream. */
  missingInSyslog: LineRef[];
  /** In the syslog stream, not in the console log. */
  missingInConsole: LineRef[];
  notCompared: { consoleBefore: number; consoleAfter: number; syslogBefore: number; syslogAfter: number };
  /** Set when the two could not be compared at all (one is missing or they share no line). */
  problem?: string;
}

/** Lines of a parsed log, in file order, as text (record as written, or the raw line). */
export function linesOf(log: ParsedConsoleLog): LineRef[] {
  const items: (ConsoleRecord | RawLine)[] = [...log.records, ...log.raw];
  items.sort((a, b) => a.line - b.line);
  return items
    .map((r) => ({ file: log.source, line: r.line, text: r.kind === 'record' ? `${r.level} ${r.time} ${r.task}: ${r.text}` : r.text.trim() }))
    .filter((r) => r.text !== '');
}

export function crossCheckPhone(phone: string, syslog: ParsedConsoleLog | undefined, consoleLog: ParsedConsoleLog | undefined): PhoneCrossCheck {
  const base = {
    phone,
    ...(syslog ? { syslogFile: syslog.source } : {}),
    ...(consoleLog ? { consoleFile: consoleLog.source } : {}),
    common: 0,
    missingInSyslog: [],
    missingInConsole: [],
    notCompared: { consoleBefore: 0, consoleAfter: 0, syslogBefore: 0, syslogAfter: 0 },
  };
  const s = syslog ? linesOf(syslog) : [];
  const c = consoleLog ? linesOf(consoleLog) : [];
  if (s.length === 0 || c.length === 0) {
    const problem = s.length === 0 && c.length === 0 ? 'neither a syslog stream nor a console log' : s.length === 0 ? 'no syslog line from this phone' : 'no console log line from this phone';
    return { ...base, notCompared: { consoleBefore: c.length, consoleAfter: 0, syslogBefore: s.length, syslogAfter: 0 }, problem };
  }
  const inC = counts(c);
  const inS = counts(s);
  const sSpan = span(s, inC);
  const cSpan = span(c, inS);
  if (!sSpan || !cSpan) {
    return { ...base, notCompared: { consoleBefore: c.length, consoleAfter: 0, syslogBefore: s.length, syslogAfter: 0 }, problem: 'the syslog stream and the console log have no line in common' };
  }
  const sIn = s.slice(sSpan[0], sSpan[1] + 1);
  const cIn = c.slice(cSpan[0], cSpan[1] + 1);
  const left = counts(cIn);
  const missingInConsole: LineRef[] = [];
  let common = 0;
  for (const l of sIn) {
    const n = left.get(l.text) ?? 0;
    if (n > 0) {
      left.set(l.text, n - 1);
      common++;
    } else missingInConsole.push(l);
  }
  const leftS = counts(sIn);
  const missingInSyslog: LineRef[] = [];
  for (const l of cIn) {
    const n = leftS.get(l.text) ?? 0;
    if (n > 0) leftS.set(l.text, n - 1);
    else missingInSyslog.push(l);
  }
  return {
    ...base,
    common,
    missingInSyslog,
    missingInConsole,
    notCompared: { consoleBefore: cSpan[0], consoleAfter: c.length - 1 - cSpan[1], syslogBefore: sSpan[0], syslogAfter: s.length - 1 - sSpan[1] },
  };
}

export function agrees(r: PhoneCrossCheck): boolean {
  return r.problem === undefined && r.missingInSyslog.length === 0 && r.missingInConsole.length === 0;
}

function counts(lines: readonly LineRef[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.text, (m.get(l.text) ?? 0) + 1);
  return m;
}

/** Indices of the first and last line that the other side also has. */
function span(lines: readonly LineRef[], other: ReadonlyMap<string, number>): [number, number] | undefined {
  const first = lines.findIndex((l) => other.has(l.text));
  if (first < 0) return undefined;
  let last = lines.length - 1;
  while (!other.has(lines[last]?.text ?? '')) last--;
  return [first, last];
}
