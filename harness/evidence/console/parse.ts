// Whole-text entry points: parse a string already in memory, or read a file and parse it.
import { readBoundedFile } from '../../io/bounded-file.ts';
import { ConsoleAssembler } from './assembler.ts';
import { CollectingSink } from './collect.ts';
import { dialectOf } from './options.ts';
import type { ConsoleParseOptions } from './options.ts';
import type { ParsedConsoleLog } from './types.ts';
import { LineEnds } from './line-ends.ts';

const BOM = 0xfeff;

/**
 * Parses a console log. Never throws on any text: what is not a record ends up in `raw`
 * or `unreadable`, and every source line is accounted for. Lines end at \n; CRs before
 * it are dropped; a run of CRs followed by anything but \n ends a line too (a log saved
 * with old Mac line endings, CR only); a final line without \n counts.
 */
export function parseConsoleLog(
  text: string,
  source: string,
  options: ConsoleParseOptions = {},
): ParsedConsoleLog {
  const sink = new CollectingSink();
  const assembler = new ConsoleAssembler(sink, dialectOf(options));
  let from = text.charCodeAt(0) === BOM ? 1 : 0;
  let lineNumber = 0;
  const ends = new LineEnds(text);
  while (from < text.length) {
    const to = ends.endOf(from);
    assembler.lineAt(text, from, to, ++lineNumber);
    from = ends.next;
  }
  assembler.end();
  return sink.result(source);
}

/** Decodes as UTF-8: bytes that are not become U+FFFD, which marks their line unreadable. */
export function decodeConsoleBytes(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Reads and parses a console log file; `source` is the path as given. */
export async function readConsoleLog(
  path: string,
  options: ConsoleParseOptions = {},
): Promise<ParsedConsoleLog> {
  let bytes: Uint8Array;
  try {
    bytes = await readBoundedFile(path, 'console log');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot read console log ${why}`, { cause: err });
  }
  return parseConsoleLog(decodeConsoleBytes(bytes), path, options);
}
