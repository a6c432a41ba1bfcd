// A console dialect is data: a table of line patterns, each turning a record's text into
// a PFS event (in the spirit of unicon plugins). This file defines the entry shape and
// compiles a table into a matcher that tries only the entries that can match a record.
import type { ConsoleRecord, PfsEvent } from './types.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event without the fields the parser fills in from the record it was read from. */
export type PfsEventBody = DistributiveOmit<PfsEvent, 'record' | 'line' | 'timeMicros'>;

/** Named groups of a match; a group that did not take part is absent. */
export type PatternGroups = Readonly<Partial<Record<string, string>>>;

export interface ConsoleDialectEntry {
  /** Names the line kind; the `name` of the 'other' event when toEvent is omitted. */
  name: string;
  /**
   * Matched against a record's text (after repairs). Anchor it with `^` and start with a
   * literal character: entries are then only tried on records whose text starts with it.
   */
  pattern: RegExp;
  /** Only records of this task (e.g. "DLoad"); any task when omitted. */
  task?: string;
  /**
   * The event for a match; null means "not this line after all" and the next entry is
   * tried. Omitted: an event of type 'other' carrying the named groups as fields.
   */
  toEvent?: (groups: PatternGroups) => PfsEventBody | null;
}

interface CompiledEntry {
  entry: ConsoleDialectEntry;
  pattern: RegExp;
}

export interface CompiledDialect {
  /** The first entry's event for the record, or null when no entry matches. */
  eventFor(record: ConsoleRecord): PfsEvent | null;
}

const REGEX_SPECIAL = new Set([...'.[](){}|?*+^$\\/']);

/**
 * The character every match must start with, read from the pattern's source, or null
 * when it cannot be told cheaply (no ^, case-insensitive, alternation, a class first, an
 * optional first character or group). Conservative: null only costs speed, never a match.
 */
export function literalFirstChar(pattern: RegExp): string | null {
  if (pattern.ignoreCase || pattern.multiline) return null;
  const src = pattern.source;
  if (src[0] !== '^' || hasAlternation(src)) return null;
  // Step into leading groups, ( (?: (?<name>, each of which must not be optional.
  let at = 1;
  while (src[at] === '(') {
    const close = closingParen(src, at);
    const after = src[close + 1];
    if (close === -1 || after === '?' || after === '*' || after === '{') return null;
    if (src.startsWith('(?:', at)) at += 3;
    else if (src.startsWith('(?<', at) && src[at + 3] !== '=' && src[at + 3] !== '!') {
      at = src.indexOf('>', at) + 1;
    } else if (src[at + 1] === '?') return null; // a lookaround
    else at += 1;
  }
  let first: string | undefined = src[at];
  if (first === '\\') {
    first = src[at + 1];
    // Only an escaped punctuation character is a literal; \d \w \x \u \1 ... are not.
    if (first === undefined || /\w/.test(first)) return null;
    at += 2;
  } else {
    if (first === undefined || REGEX_SPECIAL.has(first)) return null;
    at += 1;
  }
  const quantifier = src[at];
  if (quantifier === '?' || quantifier === '*' || quantifier === '{') return null;
  return first;
}

function hasAlternation(src: string): boolean {
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '|') return true;
  }
  return false;
}

/** Index of the ) closing the group opened at `open`, or -1 (escapes and classes skipped). */
function closingParen(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** A copy without g/y: those make exec() stateful across records. */
function stateless(pattern: RegExp): RegExp {
  if (!pattern.global && !pattern.sticky) return pattern;
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

function otherEvent(name: string, groups: PatternGroups): PfsEventBody {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) if (value !== undefined) fields[key] = value;
  return { type: 'other', name, fields };
}

/**
 * The event: the body's fields after the record's. Copied key by key on purpose: an
 * object spread over bodies of many shapes is several times slower (it goes megamorphic).
 */
function completeEvent(body: PfsEventBody, record: ConsoleRecord): PfsEvent {
  const event: Record<string, unknown> = {
    type: body.type,
    record: record.index,
    line: record.line,
    timeMicros: record.timeMicros,
  };
  const fields = body as Readonly<Record<string, unknown>>;
  for (const key in fields) if (key !== 'type') event[key] = fields[key];
  return event as unknown as PfsEvent;
}

/** Entries are indexed by first character for the ASCII range; others try the unindexed. */
const INDEXED_CHARS = 128;

export function compileDialect(entries: readonly ConsoleDialectEntry[]): CompiledDialect {
  const compiled: CompiledEntry[] = entries.map((entry) => ({ entry, pattern: stateless(entry.pattern) }));
  // Only ASCII first characters are indexed; an entry starting with any other is unindexed.
  const firstChars = compiled.map((c) => {
    const ch = literalFirstChar(c.pattern);
    return ch !== null && ch.charCodeAt(0) < INDEXED_CHARS ? ch : null;
  });
  // For each first character, the entries (in table order) that may match a text
  // starting with it: those indexed by that character and the unindexed ones.
  const unindexed = compiled.filter((_, i) => firstChars[i] === null);
  const byFirstChar: CompiledEntry[][] = [];
  for (let code = 0; code < INDEXED_CHARS; code++) {
    const ch = String.fromCharCode(code);
    byFirstChar.push(compiled.filter((_, i) => firstChars[i] === ch || firstChars[i] === null));
  }
  return {
    eventFor(record: ConsoleRecord): PfsEvent | null {
      const text = record.text;
      const code = text.charCodeAt(0);
      const candidates = code < INDEXED_CHARS ? (byFirstChar[code] ?? unindexed) : unindexed;
      for (let k = 0; k < candidates.length; k++) {
        const candidate = candidates[k];
        if (candidate === undefined) continue;
        const { entry, pattern } = candidate;
        if (entry.task !== undefined && entry.task !== record.task) continue;
        const m = pattern.exec(text);
        if (m === null) continue;
        const groups: PatternGroups = m.groups ?? {};
        const body = entry.toEvent ? entry.toEvent(groups) : otherEvent(entry.name, groups);
        if (body !== null) return completeEvent(body, record);
      }
      return null;
    },
  };
}
