// Garbage in, accounting out: random bytes (seeded) and random mangling of real lines
// never make the parser throw, and every source line ends up in a record, raw or
// unreadable, exactly once.
import assert from 'node:assert/strict';
import { parseConsoleLog } from '../../harness/evidence/console/index.ts';
import type { ParsedConsoleLog } from '../../harness/evidence/console/index.ts';
import { lineAccountingProblems, sourceLineCount } from './helpers/line-accounting.ts';
import { seededRandom } from './helpers/seeded-random.ts';
import type { Random } from './helpers/seeded-random.ts';

const decoder = new TextDecoder('utf-8');

function randomBytes(random: Random, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // Newlines, quotes and level letters more often than uniform, so lines are short and
  // headers, quotes and glue points actually occur.
  const favoured = [0x0a, 0x0a, 0x0d, 0x22, 0x20, 0x3a, 0x2e, ...Buffer.from('DBGNOTINFERRWRN0123456789')];
  for (let i = 0; i < length; i++) {
    bytes[i] = random.next() < 0.5 ? random.pick(favoured) : random.below(256);
  }
  return bytes;
}

const realLines = [
  '"DBG 02:19:22.634167 DLoad: +++ fd=7 Listening on peer TCP port 4051"',
  '"NF 02:19:23.162700 DLoad: XID080027F8 TxBdcst ClaimRoot(tent): map=ff9d7cb9',
  'strength=31d4d43d "',
  'INF 02:19:23.912719 DLoad: XID080027F8 TxBdcst Ad 3: ClaimRoot(tent)INF',
  '02:19:34.410208 DLoad: XID080027F8 Root sending TFTP XfrCmd on ROOT_WAITING',
  'TO',
  'NOT 02:19:24.412806 DLoad: @@@HROOT:XID080027F8 H=36685558 m=CP-7961G',
  'ROOT=10.106.117.68 /dnld/SCCP41.9-4-2SR2-2S.loads',
];

/** Real lines with characters deleted, duplicated or replaced at random. */
function mangledLog(random: Random): string {
  const lines: string[] = [];
  for (let n = random.below(40); n > 0; n--) {
    const chars = [...random.pick(realLines)];
    for (let edits = random.below(4); edits > 0; edits--) {
      const at = random.below(chars.length + 1);
      const op = random.below(3);
      if (op === 0) chars.splice(at, 1);
      else if (op === 1) chars.splice(at, 0, chars[at] ?? '"');
      else chars[at] = String.fromCharCode(random.below(128));
    }
    lines.push(chars.join(''));
  }
  return lines.join(random.next() < 0.5 ? '\n' : '\r\n');
}

function assertAccounted(text: string, label: string): ParsedConsoleLog {
  const parsed = parseConsoleLog(text, label);
  const problems = lineAccountingProblems(parsed, sourceLineCount(text));
  assert.deepEqual(problems, [], `${label}: ${JSON.stringify(text).slice(0, 300)}`);
  for (const event of parsed.events) {
    assert.ok(parsed.records[event.record]?.line === event.line, `${label}: event points at its record`);
  }
  return parsed;
}

describe('console garbled input', () => {
  it('1000 seeded random byte strings: no throw, every line accounted for', () => {
    const random = seededRandom(20240611);
    for (let i = 0; i < 1000; i++) {
      const bytes = randomBytes(random, random.below(600));
      assertAccounted(decoder.decode(bytes), `bytes case ${i}`);
    }
  });

  it('1000 seeded mangled published logs: no throw, every line accounted for', () => {
    const random = seededRandom(7961);
    const seen = { records: 0, raw: 0, unreadable: 0, events: 0, repairs: new Set<string>() };
    for (let i = 0; i < 1000; i++) {
      const parsed = assertAccounted(mangledLog(random), `mangled case ${i}`);
      seen.records += parsed.records.length;
      seen.raw += parsed.raw.length;
      seen.unreadable += parsed.unreadable.count;
      seen.events += parsed.events.length;
      for (const r of parsed.records) for (const repair of r.repairs) seen.repairs.add(repair);
    }
    // The cases must reach every outcome, or this test proves less than it claims.
    assert.ok(seen.records > 0 && seen.raw > 0 && seen.unreadable > 0 && seen.events > 0, JSON.stringify(seen));
    assert.deepEqual([...seen.repairs].sort(), ['joined-wrap', 'split-glued', 'stray-quote', 'truncated-level']);
  });

  it('lone surrogates, NUL-only and newline-only texts', () => {
    for (const text of ['\ud800', '\u0000', '\n', '\n\n\n', '\r', '\r\n\r\n', '"', 'INF']) {
      assertAccounted(text, JSON.stringify(text));
    }
  });
});
