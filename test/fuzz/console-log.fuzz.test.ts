// Property-based fuzzing of the console-log parser (fast-check): any text, and mutations of
// the published root-phone log, parse without throwing; every source line is accounted for
// (a record, a raw line or an unreadable one); and the chunked stream parser gives exactly
// what the whole-text parser gives, wherever the chunks are cut.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { ConsoleLogStream, parseConsoleLog } from '../../harness/evidence/console/index.ts';
import type { ParsedConsoleLog } from '../../harness/evidence/console/index.ts';
import { REPO_ROOT } from '../cli/run-cli.ts';
import { mutatedText } from './mutate.ts';
import { sourceLineCount } from '../console/helpers/line-accounting.ts';

const published = readFileSync(path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'root-phone-console.as-published.log'), 'utf8');

/** Lines as the parser counts them (CR-only line ends included); a BOM is not a line. */
function sourceLines(text: string): number {
  return sourceLineCount(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

function assertAccounted(parsed: ParsedConsoleLog, text: string): void {
  const lines = sourceLines(text);
  const covered = new Set<number>();
  for (const r of parsed.records) for (let l = r.line; l <= r.endLine; l++) covered.add(l);
  for (const r of parsed.raw) covered.add(r.line);
  for (const l of parsed.unreadable.lines) covered.add(l);
  for (const l of covered) assert.ok(l >= 1 && l <= Math.max(lines, 1), `line ${l} of ${lines}`);
  assert.ok(parsed.records.length + parsed.raw.length + parsed.unreadable.count <= lines + 1, 'no more items than lines');
}

function streamed(text: string, cuts: number[]): ParsedConsoleLog {
  const stream = new ConsoleLogStream('fuzz');
  let from = 0;
  for (const cut of [...cuts.map((c) => Math.min(c, text.length)).sort((a, b) => a - b), text.length]) {
    stream.push(text.slice(from, cut));
    from = Math.max(from, cut);
  }
  stream.end();
  return stream.result();
}

const logish = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.array(fc.constantFrom('INF', 'NOT', 'DBG', 'ERR', 'NF ', '"', '\r', '\n', '\r\n', '02:19:22.634167', ' HROOT: ', 'm=CP-7961G', ' ', ':', '\u0000', '\ufeff', '\u001b[2J'), { maxLength: 80 }).map((parts) => parts.join('')),
);

describe('fuzz: console-log parser', function () {
  this.timeout(60_000);

  it('any text parses without throwing, every line accounted for', function () {
    fc.assert(
      fc.property(logish, (text) => {
        assertAccounted(parseConsoleLog(text, 'fuzz'), text);
      }),
      { numRuns: 400 },
    );
  });

  it('mutations of the published log parse without throwing, every line accounted for', function () {
    fc.assert(
      fc.property(mutatedText(), (mutate) => {
        const text = mutate(published);
        assertAccounted(parseConsoleLog(text, 'fuzz'), text);
      }),
      { numRuns: 300 },
    );
  });

  it('the stream parser equals the whole-text parser for any chunking', function () {
    fc.assert(
      fc.property(fc.oneof(logish, mutatedText().map((m) => m(published))), fc.array(fc.nat({ max: 4000 }), { maxLength: 12 }), (text, cuts) => {
        assert.deepEqual(streamed(text, cuts), { ...parseConsoleLog(text, 'fuzz') });
      }),
      { numRuns: 200 },
    );
  });
});
