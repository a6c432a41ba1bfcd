// The output of a child process (mocha running the suites) on its way to pfslab's terminal.
// A suite may print text from evidence (a TFTP file name, a log line); a crafted one with
// ANSI escapes could clear the terminal or print a fake "Violations: none". So the child
// never writes to the terminal itself: its stdout and stderr are pipes, read here line by
// line and written through the one sanitizer (terminalSafe), so every control character but
// the line feed and the tab arrives as a visible \uXXXX escape.
//
// Colours: the child runs with colours off (mocha --no-color). Mocha's own SGR colours and
// an escape a test prints reach the pipe as the same bytes; nothing here could tell them
// apart, so none is passed on.
//
// Hand-written rather than node:readline: readline also ends lines at a bare "\r", which
// would swallow a carriage return from evidence instead of showing it escaped.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { terminalSafe } from '../../io/untrusted-text.ts';

/** A line longer than this (no "\n" yet) is written in pieces: memory stays bounded. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Reads `stream` to its end and calls `write` with each line (its "\n" included) made
 * terminal-safe. A multi-byte UTF-8 character split across chunks is decoded whole.
 * Resolves when the stream ended and the last, unterminated line was written.
 */
export function pipeSanitized(stream: Readable, write: (text: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = (text: string): void => {
    pending += text;
    let nl = pending.indexOf('\n');
    while (nl !== -1) {
      write(terminalSafe(pending.slice(0, nl + 1)));
      pending = pending.slice(nl + 1);
      nl = pending.indexOf('\n');
    }
    while (pending.length >= MAX_LINE_CHARS) {
      // Never between the two halves of a surrogate pair.
      const cut = /[\uD800-\uDBFF]/.test(pending[MAX_LINE_CHARS - 1] ?? '') ? MAX_LINE_CHARS - 1 : MAX_LINE_CHARS;
      write(terminalSafe(pending.slice(0, cut)));
      pending = pending.slice(cut);
    }
  };
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => take(decoder.write(chunk)));
    stream.once('error', reject);
    stream.once('end', () => {
      take(decoder.end());
      if (pending !== '') write(terminalSafe(pending));
      pending = '';
      resolve();
    });
  });
}
