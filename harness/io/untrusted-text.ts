// The one sanitizer for text that comes from evidence (TFTP file names from packets, HROOT
// fields and log lines from phones, names from captures) on its way to any output: the
// terminal, summary.txt, JUnit, Allure attachments, SVG and HTML. A crafted TFTP request
// with ANSI escapes must not clear a terminal or print a fake "Violations: none"; a file
// name must not add a line to a report or an element to an SVG.
//
// Every character that a terminal or a viewer acts on rather than shows is written as a
// visible escape: C0 controls, DEL, C1 controls (0x9B is a one-byte CSI on some terminals),
// Unicode bidirectional overrides and isolates (they reorder what a line appears to say,
// "Trojan Source"), line and paragraph separators, and the BOM. The escape is \uXXXX, which
// also keeps JSON valid when applied to JSON text. Markup is escaped separately (xmlText),
// because only XML/HTML outputs need it.

// eslint-disable-next-line no-control-regex
const ALWAYS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const WITH_LINES = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

const hex = (c: string): string => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** One field (a file name, a log line, a device name): every control character escaped, line breaks too. */
export function untrustedField(text: string): string {
  return text.replace(WITH_LINES, hex);
}

/** Text whose lines are pfslab's own (a report, a message): line feeds and tabs stay, every other control is escaped. */
export function terminalSafe(text: string): string {
  return text.replace(ALWAYS, hex);
}

/** A field for XML, SVG or HTML: escaped as untrustedField, then as markup (text and attribute values alike). */
export function xmlText(text: string): string {
  return untrustedField(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A copy of a value with every string in it (keys too) escaped as untrustedField: for
 * results built from evidence, before a renderer puts their fields into lines of its own.
 */
export function untrustedDeep<T>(value: T): T {
  return deep(value, new Map()) as T;
}

function deep(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return untrustedField(value);
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(deep(item, seen));
    return out;
  }
  if (value instanceof Map || value instanceof Set || value instanceof Date || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[untrustedField(k)] = deep(v, seen);
  return out;
}
