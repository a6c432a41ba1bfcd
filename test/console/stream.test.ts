// The chunk stream must give exactly what the whole-text parse gives, wherever the chunks
// are split (inside a line, a CRLF, a UTF-8 sequence), and release records as they become
// final.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConsoleLogStream, parseConsoleLog } from '../../harness/evidence/console/index.ts';
import type { ParsedConsoleLog } from '../../harness/evidence/console/index.ts';
import { seededRandom } from './helpers/seeded-random.ts';
import type { Random } from './helpers/seeded-random.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const published = readFileSync(
  path.resolve(repoRoot, '..', 'shared', 'fixtures', 'root-phone-console.as-published.log'),
  'utf8',
);

/** Cut points in [0, length], sorted, some of them repeated (empty chunks). */
function cutPoints(random: Random, length: number): number[] {
  const cuts = Array.from({ length: random.below(12) + 1 }, () => random.below(length + 1));
  return cuts.sort((a, b) => a - b);
}

function chunksOf<T extends string | Uint8Array>(whole: T, cuts: readonly number[]): T[] {
  const chunks: T[] = [];
  let from = 0;
  for (const cut of [...cuts, whole.length]) {
    chunks.push(whole.slice(from, cut) as T);
    from = cut;
  }
  return chunks;
}

function streamed(chunks: readonly (string | Uint8Array)[]): ParsedConsoleLog {
  const stream = new ConsoleLogStream('s');
  for (const chunk of chunks) stream.push(chunk);
  stream.end();
  return stream.result();
}

// Texts that exercise every rule: the published excerpt (LF and CRLF), blank, raw and
// unreadable lines, non-ASCII text, a BOM, no final newline.
const texts: readonly [string, string][] = [
  ['published', published],
  ['published, CRLF', published.replace(/\n/g, '\r\n')],
  [
    'mixed',
    '\uFEFFbanner\n"NOT 01:00:00.000001 DLoad: été\n"wrapped ✓ "\n\n\u0000junk\nINF 01:00:00.2 DLoad: xNOT\n01:00:00.3 DLoad: y\r\nNF 00:59:00.000000 T: z',
  ],
];

describe('console stream: chunks split anywhere give the whole-text parse', () => {
  for (const [name, text] of texts) {
    it(`${name}: 200 seeded random splits of the string`, () => {
      const whole = parseConsoleLog(text, 's');
      const random = seededRandom(0xc0ffee);
      for (let round = 0; round < 200; round++) {
        const cuts = cutPoints(random, text.length);
        assert.deepEqual(streamed(chunksOf(text, cuts)), whole, `cuts ${cuts.join(',')}`);
      }
    });

    it(`${name}: 200 seeded random splits of the UTF-8 bytes`, () => {
      const bytes = new TextEncoder().encode(text);
      const whole = parseConsoleLog(new TextDecoder().decode(bytes), 's');
      const random = seededRandom(0xbeef);
      for (let round = 0; round < 200; round++) {
        const cuts = cutPoints(random, bytes.length);
        assert.deepEqual(streamed(chunksOf(bytes, cuts)), whole, `cuts ${cuts.join(',')}`);
      }
    });
  }

  it('one character at a time', () => {
    assert.deepEqual(streamed([...published]), parseConsoleLog(published, 's'));
  });

  it('releases each record once, in file order, and all of them by end()', () => {
    const stream = new ConsoleLogStream('s', { retain: false });
    const released: number[] = [];
    let events = 0;
    for (const line of published.split(/(?<=\n)/)) {
      const delta = stream.push(line);
      released.push(...delta.records.map((r) => r.index));
      events += delta.events.length;
    }
    const last = stream.end();
    released.push(...last.records.map((r) => r.index));
    events += last.events.length;
    assert.deepEqual(released, Array.from({ length: 26 }, (_, i) => i));
    assert.equal(events, 16);
    assert.ok(last.records.length <= 3, 'at most the open record and two held for the time order');
    assert.throws(() => stream.result(), /retain/);
  });

  it('refuses a push after end()', () => {
    const stream = new ConsoleLogStream('s');
    stream.end();
    assert.throws(() => stream.push('x'), /after end/);
  });
});
