// Evidence attached to the Allure report from inside a test, with every registered secret
// scrubbed first (design rule 6). Text is redacted before it is attached; a binary file
// (pcap, png) cannot be redacted without corrupting it, so it is attached only if no secret
// occurs in its bytes, and otherwise replaced by a note that says it was withheld.
//
// Outside an Allure run (a plain mocha run, a script) these are no-ops: allure-js-commons
// would only print "no test runtime is found" for every call.
import { terminalSafe } from '../../io/untrusted-text.ts';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { attachment, attachmentPath } from 'allure-js-commons';
import { redact } from '../../lab/index.ts';
import { redactDeep } from './redact-deep.ts';

export const CONTENT_TYPES = {
  text: 'text/plain',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  pcap: 'application/vnd.tcpdump.pcap',
} as const;

/** Extensions read as text (and redacted) whatever content type the caller names. */
const TEXT_EXTENSIONS = new Set(['.log', '.txt', '.html', '.htm', '.json', '.xml', '.svg', '.csv', '.yaml', '.yml', '.cfg', '.cnf']);

/**
 * Whether an Allure reporter (allure-mocha here) has installed its test runtime. allure-js-commons
 * shares it between its ES and CommonJS copies through this global, which is why a check here
 * sees the runtime that mocha's (CommonJS-loaded) reporter installed.
 */
export function allureIsActive(): boolean {
  return typeof (globalThis as Record<string, unknown>).allureTestRuntime === 'function';
}

export async function attachText(name: string, text: string, contentType: string = CONTENT_TYPES.text): Promise<void> {
  if (!allureIsActive()) return;
  const content = terminalSafe(redact(text));
  await attachment(name, content, { contentType: inertContentType(contentType, content), encoding: 'utf8' });
}

/**
 * Markup a browser would act on in an SVG or XML document: scripts, handlers, embedded pages,
 * links out. Attributes are matched with their opening quote (XML has no unquoted ones), so
 * a field escaped by xmlText (quotes as &#34;) that reads `onload=` stays a harmless text.
 */
const ACTIVE_MARKUP = /<\s*(script|foreignObject|iframe|embed|object|a|use|image|animate|set|handler|listener)\b|\son[a-z]+\s*=\s*["']|["']\s*javascript:|<\?xml-stylesheet|http:\/\/www\.w3\.org\/1999\/xhtml|\bhref\s*=\s*["']/i;

/**
 * The content type an attachment is written with, so that opening the report runs nothing a
 * device sent. HTML (a CUCM page kept on failure, a phone's web page) is never rendered: it
 * is attached as its source, text/plain (Allure 3's report previews HTML in a sandboxed iframe,
 * but its "open" link serves the file as it is, where a script would run in the report's
 * origin; as text/plain the file is a .txt). SVG and XML keep their type, so that pfslab's own
 * pictures render, only while they hold no active markup; otherwise they too become text.
 * pfslab's SVG writers (harness/pfs/render) escape every field from evidence (xmlText) and
 * use none of that markup, so a picture that trips this did not come from them as written.
 */
/**
 * The tags of an XML text, text content left out: in XML text content `<` is always escaped,
 * so a tag starts at a `<`; a quoted attribute value may hold `>`, so quotes are followed.
 * Text such as a label `onerror="` (a renderer that escapes `<` but not quotes, as vega's
 * does) is then not taken for an attribute, and an attribute hidden after a quoted `>` is found.
 */
function markupOf(text: string): string {
  return (text.match(/<(?:[^>"']|"[^"]*"|'[^']*')*>?/g) ?? []).join('\n');
}

export function inertContentType(contentType: string, text: string): string {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return CONTENT_TYPES.text;
  if ((type === 'image/svg+xml' || /[/+]xml$/.test(type)) && ACTIVE_MARKUP.test(markupOf(text))) return CONTENT_TYPES.text;
  return contentType;
}

export async function attachJson(name: string, value: unknown): Promise<void> {
  if (!allureIsActive()) return;
  // Each string is redacted before serialisation: once in JSON, a secret holding a quote or a
  // backslash is escaped and no longer matches. attachText then catches it in keys.
  const plain: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
  await attachText(name, JSON.stringify(redactDeep(plain), null, 2), CONTENT_TYPES.json);
}

export async function attachFile(name: string, file: string, contentType: string): Promise<void> {
  if (!allureIsActive()) return;
  if (isText(file, contentType)) {
    await attachText(name, await readFile(file, 'utf8'), contentType);
    return;
  }
  if (await containsSecret(file)) {
    await attachText(`${name} (withheld)`, `${path.basename(file)} was not attached: it contains a registered secret, and a ${contentType} file cannot be redacted without corrupting it.\n`);
    return;
  }
  await attachmentPath(name, file, { contentType, fileExtension: path.extname(file).slice(1) || undefined });
}

function isText(file: string, contentType: string): boolean {
  if (TEXT_EXTENSIONS.has(path.extname(file).toLowerCase())) return true;
  return contentType.startsWith('text/') || /[/+](json|xml)$/.test(contentType);
}

const CHUNK = 16 * 1024 * 1024;
/** Longer than any password or community; a secret straddling two chunks is still seen whole. */
const OVERLAP = 4096;

/**
 * Scans a binary file for any registered secret. Latin-1 maps each byte to one character, so
 * a secret's bytes (ASCII, as passwords and communities are) appear in the decoded text
 * exactly when they appear in the file.
 */
async function containsSecret(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK + OVERLAP);
    let carried = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, CHUNK, null);
      const size = carried + bytesRead;
      if (size === 0) return false;
      const text = buffer.toString('latin1', 0, size);
      if (redact(text) !== text) return true;
      if (bytesRead === 0) return false;
      carried = Math.min(OVERLAP, size);
      buffer.copy(buffer, 0, size - carried, size);
    }
  } finally {
    await handle.close();
  }
}
