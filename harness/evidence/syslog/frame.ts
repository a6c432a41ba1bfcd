// One syslog datagram -> its framing, header fields and message, or "not syslog".
//
// Hand-written on purpose: the npm parsers we weighed either accept RFC 3164 only and need a
// TAG (syslog-parse), or guess fields by splitting on spaces and trimming (nsyslog-parser,
// glossy: unmaintained since 2015), which moves console-log words into APP-NAME/PID. A 79xx
// phone's message format is not public (pfs-reference §5), so we parse the two framings
// strictly, keep every octet of the message, and keep the raw datagram beside it.
//
// Grammar (tests: test/evidence/syslog/frame.test.ts, one case per production):
//   RFC 5424 §6:  "<" PRI ">" VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID
//                 SP STRUCTURED-DATA [SP MSG]
//     PRI = 1*3DIGIT, 0..191, no leading zero; VERSION = NONZERO-DIGIT 0*2DIGIT
//     TIMESTAMP = "-" / FULL-DATE "T" FULL-TIME; HOSTNAME = "-" / 1*255 PRINTUSASCII;
//     APP-NAME 1*48, PROCID 1*128, MSGID 1*32 PRINTUSASCII (or "-")
//     STRUCTURED-DATA = "-" / 1*("[" SD-ID *(SP NAME "=" DQUOTE VALUE DQUOTE) "]"), in VALUE
//     '"', '\' and ']' are escaped with '\'; MSG may start with a UTF-8 BOM.
//   RFC 3164 §4.1: "<" PRI ">" TIMESTAMP SP HOSTNAME SP MSG, TIMESTAMP = "Mmm dd hh:mm:ss"
//     (dd space-padded). §4.3.3: a datagram with a valid PRI but no valid TIMESTAMP is still
//     a message: everything after PRI is MSG, with no host name (Cisco IOS style
//     "<189>12: *Mar  1 ..." lands here). The TAG stays part of MSG, as the RFC says.
//   Anything without a valid PRI: text (no NUL, no control character other than TAB, CR,
//     LF, ESC) is kept as framing "raw" (a device whose format nobody documented); bytes
//     that are not text are "not syslog".
// Trailing LF, CR and NUL (some senders end datagrams with them) are not part of MSG.

export type Framing = 'rfc5424' | 'rfc3164' | 'raw';

export interface SyslogFrame {
  framing: Framing;
  /** 0..191; undefined for raw. */
  pri?: number;
  facility?: number;
  severity?: number;
  /** As written; undefined when absent ("-" in RFC 5424, or no header in RFC 3164). */
  timestamp?: string;
  host?: string;
  /** RFC 5424 only (undefined for "-"). */
  appName?: string;
  procId?: string;
  msgId?: string;
  structuredData?: string;
  /** The message, decoded (UTF-8, else Latin-1), every character kept. */
  message: string;
}

export type FrameResult = { ok: true; frame: SyslogFrame } | { ok: false; reason: string };

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const RFC3164_HEADER = new RegExp(`^((?:${MONTHS}) [ 0-3]\\d (?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d) ([\\x21-\\x7e]{1,255})(?: |$)`);
const RFC5424_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/;
const PRINTUSASCII = /^[\x21-\x7e]+$/;

export function parseSyslogDatagram(bytes: Uint8Array): FrameResult {
  const text = decode(trimEnd(bytes));
  const pri = /^<(0|[1-9]\d{0,2})>/.exec(text);
  if (!pri || Number(pri[1]) > 191) {
    if (text.length === 0) return { ok: false, reason: 'empty datagram' };
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f\ufffd]/.test(text)) return { ok: false, reason: 'not text and no <PRI>' };
    return { ok: true, frame: { framing: 'raw', message: text } };
  }
  const value = Number(pri[1]);
  const base = { pri: value, facility: value >> 3, severity: value & 7 };
  const rest = text.slice(pri[0].length);
  const v5424 = /^[1-9]\d{0,2} /.exec(rest);
  if (v5424) {
    const frame = parse5424(rest.slice(v5424[0].length));
    if (frame) return { ok: true, frame: { framing: 'rfc5424', ...base, ...frame } };
  }
  const h = RFC3164_HEADER.exec(rest);
  if (h) return { ok: true, frame: { framing: 'rfc3164', ...base, timestamp: h[1], host: h[2], message: rest.slice(h[0].length) } };
  return { ok: true, frame: { framing: 'rfc3164', ...base, message: rest } };
}

/** After "VERSION SP": the rest of an RFC 5424 header, or undefined when it does not follow the grammar. */
function parse5424(s: string): Omit<SyslogFrame, 'framing'> | undefined {
  const fields: string[] = [];
  let at = 0;
  for (let i = 0; i < 5; i++) {
    const sp = s.indexOf(' ', at);
    if (sp <= at) return undefined;
    fields.push(s.slice(at, sp));
    at = sp + 1;
  }
  const [ts, host, app, proc, msgId] = fields as [string, string, string, string, string];
  if (ts !== '-' && !RFC5424_TIMESTAMP.test(ts)) return undefined;
  const limits: [string, number][] = [
    [host, 255],
    [app, 48],
    [proc, 128],
    [msgId, 32],
  ];
  if (limits.some(([f, max]) => f.length > max || !PRINTUSASCII.test(f))) return undefined;
  const sdEnd = structuredDataEnd(s, at);
  if (sdEnd === undefined) return undefined;
  const sd = s.slice(at, sdEnd);
  if (sdEnd < s.length && s[sdEnd] !== ' ') return undefined;
  let message = sdEnd < s.length ? s.slice(sdEnd + 1) : '';
  if (message.charCodeAt(0) === 0xfeff) message = message.slice(1);
  const nil = (f: string): string | undefined => (f === '-' ? undefined : f);
  return {
    ...(nil(ts) ? { timestamp: ts } : {}),
    ...(nil(host) ? { host } : {}),
    ...(nil(app) ? { appName: app } : {}),
    ...(nil(proc) ? { procId: proc } : {}),
    ...(nil(msgId) ? { msgId } : {}),
    ...(sd !== '-' ? { structuredData: sd } : {}),
    message,
  };
}

/** Index just past STRUCTURED-DATA starting at `at` ("-" or SD-ELEMENTs), or undefined. */
function structuredDataEnd(s: string, at: number): number | undefined {
  if (s[at] === '-') return at + 1;
  if (s[at] !== '[') return undefined;
  let i = at;
  while (s[i] === '[') {
    let inValue = false;
    i++;
    for (;;) {
      const c = s[i];
      if (c === undefined) return undefined;
      if (inValue) {
        if (c === '\\') i++;
        else if (c === '"') inValue = false;
      } else if (c === '"') inValue = true;
      else if (c === ']') break;
      i++;
    }
    i++;
  }
  return i;
}

function trimEnd(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x00)) end--;
  return bytes.subarray(0, end);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** UTF-8 when it is (RFC 5424 MSG-UTF8), else Latin-1, so that no byte is lost. */
function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return latin1.decode(bytes);
  }
}
