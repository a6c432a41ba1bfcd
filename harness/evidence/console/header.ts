// The record header of a 79xx console line: `LEVEL HH:MM:SS.micros TASK: text`.
// Grammar (blanks are ASCII spaces, one or more unless said otherwise):
//   LEVEL    DBG | NOT | INF | ERR | WRN, or one of them without its first letter
//            (BG OT NF RR RN: the published log has NF for INF); optional, see below
//   TIME     H or HH : MM : SS . 1 to 6 digits (a shorter fraction is scaled);
//            hours < 24, minutes and seconds < 60
//   TASK     one or more characters, none of them blank or ':'; then ':' and one
//            optional space; the text is the rest of the line, whatever it holds.
// A line without LEVEL (a bare timestamp) is read too: its level may be glued to the end
// of the line before, which the assembler checks.
//
// Written as a character scanner, not a regex: it runs on every line and allocates
// nothing (the caller slices the fields it keeps).

/** The levels the phone writes in full. */
export type FullLevel = 'DBG' | 'NOT' | 'INF' | 'ERR' | 'WRN';

const FULL_LEVELS: ReadonlySet<string> = new Set<FullLevel>(['DBG', 'NOT', 'INF', 'ERR', 'WRN']);

/** Where the header's parts are in the line; filled in by scanHeader. */
export interface HeaderScan {
  /** null: the line starts with the timestamp. */
  level: FullLevel | null;
  /** The level was written without its first letter. */
  truncated: boolean;
  timeStart: number;
  timeEnd: number;
  timeMicros: number;
  taskStart: number;
  taskEnd: number;
  textStart: number;
}

export function newHeaderScan(): HeaderScan {
  return { level: null, truncated: false, timeStart: 0, timeEnd: 0, timeMicros: 0, taskStart: 0, taskEnd: 0, textStart: 0 };
}

const SPACE = 32;
const COLON = 58;
const DOT = 46;
const FRACTION_SCALE = [1, 100000, 10000, 1000, 100, 10, 1];

/**
 * Level tokens by their letters' char codes (c0 << 16 | c1 << 8 | c2, or c0 << 8 | c1),
 * full levels first. A linear scan of ten numbers beats a Map lookup on every line.
 */
const LEVEL_KEYS: number[] = [];
const LEVEL_TOKENS: { level: FullLevel; truncated: boolean }[] = [];
for (const truncated of [false, true]) {
  for (const level of FULL_LEVELS as ReadonlySet<FullLevel>) {
    const [a, b, c] = [...level].map((ch) => ch.charCodeAt(0)) as [number, number, number];
    LEVEL_KEYS.push(truncated ? (b << 8) | c : (a << 16) | (b << 8) | c);
    LEVEL_TOKENS.push({ level, truncated });
  }
}

function levelToken(key: number): { level: FullLevel; truncated: boolean } | undefined {
  for (let i = 0; i < LEVEL_KEYS.length; i++) if (LEVEL_KEYS[i] === key) return LEVEL_TOKENS[i];
  return undefined;
}

/** The char code at `at`, or -1 at or past `end` (in a whole text: the next line). */
function code(line: string, at: number, end: number): number {
  return at < end ? line.charCodeAt(at) : -1;
}

function digit(line: string, at: number, end: number): number {
  const d = code(line, at, end) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/** Blank for the task's purpose: what \s matches (cheap test first). */
function isBlankChar(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0x80) return false;
  return /\s/.test(String.fromCharCode(c));
}

/** Reads a header in line[start, end) into `out`; false when there is none. */
export function scanHeader(line: string, start: number, end: number, out: HeaderScan): boolean {
  let at = start;
  out.level = null;
  out.truncated = false;
  if (digit(line, at, end) < 0) {
    // The level: capital letters up to a blank.
    let key = 0;
    let letters = 0;
    let c = code(line, at, end);
    while (c >= 65 && c <= 90 && letters < 3) {
      key = (key << 8) | c;
      letters++;
      c = code(line, ++at, end);
    }
    const token = letters >= 2 && c === SPACE ? levelToken(key) : undefined;
    if (token === undefined) return false;
    out.level = token.level;
    out.truncated = token.truncated;
    while (code(line, at, end) === SPACE) at++;
  }
  // The time.
  out.timeStart = at;
  let hours = digit(line, at++, end);
  if (hours < 0) return false;
  const second = digit(line, at, end);
  if (second >= 0) {
    hours = hours * 10 + second;
    at++;
  }
  if (code(line, at++, end) !== COLON) return false;
  const m1 = digit(line, at++, end);
  const m2 = digit(line, at++, end);
  if (m1 < 0 || m2 < 0 || code(line, at++, end) !== COLON) return false;
  const s1 = digit(line, at++, end);
  const s2 = digit(line, at++, end);
  if (s1 < 0 || s2 < 0 || code(line, at++, end) !== DOT) return false;
  let fraction = 0;
  let fractionDigits = 0;
  for (let d = digit(line, at, end); d >= 0 && fractionDigits < 7; d = digit(line, ++at, end)) {
    fraction = fraction * 10 + d;
    fractionDigits++;
  }
  const minutes = m1 * 10 + m2;
  const seconds = s1 * 10 + s2;
  if (fractionDigits === 0 || fractionDigits > 6 || hours > 23 || minutes > 59 || seconds > 59) return false;
  out.timeEnd = at;
  out.timeMicros = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + fraction * (FRACTION_SCALE[fractionDigits] ?? 1);
  // Blanks, then the task up to ':'.
  if (code(line, at, end) !== SPACE) return false;
  while (code(line, at, end) === SPACE) at++;
  out.taskStart = at;
  for (let c = code(line, at, end); c !== COLON; c = code(line, ++at, end)) {
    if (c < 0 || isBlankChar(c)) return false;
  }
  if (at === out.taskStart) return false;
  out.taskEnd = at++;
  if (code(line, at, end) === SPACE) at++;
  out.textStart = at;
  return true;
}

// A line that starts like a header but does not finish as one (a cut or mangled record):
// it must not be mistaken for the wrapped tail of the record before it.
const HEADER_LIKE = /(?:(?:DBG|NOT|INF|ERR|WRN|BG|OT|NF|RR|RN) +\d|\d{1,2}:\d\d:\d\d)/y;

/** True when the line begins like a record header (whether or not the header is whole). */
export function looksLikeHeader(line: string, start: number): boolean {
  HEADER_LIKE.lastIndex = start;
  return HEADER_LIKE.test(line);
}

/**
 * When a record's last line ends with a full level token (`...ClaimRoot(tent)INF`), that
 * token may be the level of the next record, glued on. Returns the token and the text
 * without it, or null. Only full three-letter levels count: a two-letter tail such as the
 * NF of "CONF" is too likely to be real text.
 */
export function splitGluedLevel(text: string): { level: FullLevel; rest: string } | null {
  const trimmed = text.trimEnd();
  const tail = trimmed.slice(-3);
  if (!FULL_LEVELS.has(tail)) return null;
  return { level: tail as FullLevel, rest: trimmed.slice(0, -3).trimEnd() };
}
