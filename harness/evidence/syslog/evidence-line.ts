// The syslog evidence file: one per phone (syslog/<phone>.syslog.log), one datagram per line,
// in arrival order, written by the receiver and read back by the analysis.
//
//   # pfslab syslog evidence v1: SEP0250F5A10001 (lab phone 10.20.1.21)
//   # receive time (UTC) <TAB> source address:port <TAB> framing <TAB> datagram as received
//   2026-12-06T11:24:37.123Z	10.20.1.21:40312	rfc3164	<134>Dec  6 11:24:37 SEP0250F5A10001 NOT 11:24:37.120301 Main: Power on: ...
//
// framing is rfc5424, rfc3164 or raw, with "+cut" when the datagram was longer than the
// receiver keeps (its first bytes are kept). The datagram column is the whole datagram
// (the raw line: pfs-reference §5 says to keep it) with "\" written "\\", TAB "\t", LF "\n",
// CR "\r" and every other control character "\xNN", so that one line is one datagram and no
// text from the lab reaches a terminal raw.
import type { Framing } from './frame.ts';

export const EVIDENCE_MAGIC = '# pfslab syslog evidence v1';
export const EVIDENCE_COLUMNS = '# receive time (UTC)\tsource address:port\tframing\tdatagram as received (\\\\ \\t \\n \\r \\xNN escaped)';

export interface EvidenceLine {
  receivedAt: string;
  source: string;
  framing: Framing;
  cut: boolean;
  /** The datagram as text (unescaped). */
  datagram: string;
}

export function formatEvidenceLine(l: EvidenceLine): string {
  return `${l.receivedAt}\t${l.source}\t${l.framing}${l.cut ? '+cut' : ''}\t${escapeText(l.datagram)}\n`;
}

export class EvidenceFormatError extends Error {
  override name = 'EvidenceFormatError';
}

/** One data line (not a # line) back into its fields; throws naming the file, line and field. */
export function parseEvidenceLine(text: string, where: string): EvidenceLine {
  const cols = text.split('\t');
  if (cols.length !== 4) throw new EvidenceFormatError(`${where}: expected 4 tab-separated columns (receive time, source, framing, datagram), got ${cols.length}`);
  const [receivedAt, source, framingCol, datagram] = cols as [string, string, string, string];
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(receivedAt)) throw new EvidenceFormatError(`${where}: receive time: expected an ISO time in UTC, got "${escapeText(receivedAt.slice(0, 40))}"`);
  if (!/^\d{1,3}(\.\d{1,3}){3}:\d{1,5}$/.test(source)) throw new EvidenceFormatError(`${where}: source: expected address:port, got "${escapeText(source.slice(0, 40))}"`);
  const m = /^(rfc5424|rfc3164|raw)(\+cut)?$/.exec(framingCol);
  if (!m) throw new EvidenceFormatError(`${where}: framing: expected rfc5424, rfc3164 or raw (+cut), got "${escapeText(framingCol.slice(0, 40))}"`);
  return { receivedAt, source, framing: m[1] as Framing, cut: m[2] !== undefined, datagram: unescapeText(datagram, where) };
}

/** Backslash, TAB, LF, CR and every control character (C0, DEL, C1) escaped; the rest as is. */
export function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\\x00-\x1f\x7f-\x9f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}

export function unescapeText(s: string, where: string): string {
  return s.replace(/\\(x[0-9a-f]{2}|[\\tnr]|.|$)/g, (_all, e: string) => {
    if (e === '\\') return '\\';
    if (e === 't') return '\t';
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e.startsWith('x') && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    throw new EvidenceFormatError(`${where}: datagram: "\\${escapeText(e)}" is not an escape this file uses (\\\\ \\t \\n \\r \\xNN)`);
  });
}
