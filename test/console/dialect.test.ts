// The dialect is data: callers add entries for lines of their own (the virtual lab's
// child-side lines), as 'other' events or as typed events; first char dispatch must never
// lose a match.
import assert from 'node:assert/strict';
import {
  cisco79xxDialect,
  compileDialect,
  literalFirstChar,
  parseConsoleLog,
} from '../../harness/evidence/console/index.ts';
import type { ConsoleDialectEntry, ConsoleRecord } from '../../harness/evidence/console/index.ts';

const childLines = [
  'NOT 03:00:00.000001 DLoad: VLAB child XID00AA joined parent=10.0.0.5 slot=1',
  'DBG 03:00:00.000002 DLoad: VLAB got 1630052 bytes of jar41sccp.9-4-2ES26.sbn',
  'INF 03:00:00.000003 DLoad: XID00AA TxBdcst Ad 1: ClaimRoot(tent)',
].join('\n');

const vlabEntries: ConsoleDialectEntry[] = [
  { name: 'vlab-joined', pattern: /^VLAB child (?<xid>XID[0-9A-F]+) joined parent=(?<parent>\S+) slot=(?<slot>\d)(?<note> .*)?/ },
  {
    name: 'vlab-bytes',
    pattern: /^VLAB got (?<bytes>\d+) bytes of (?<file>\S+)/,
    toEvent: (g) => ({ type: 'other', name: 'vlab-bytes', fields: { bytes: g.bytes ?? '', file: g.file ?? '' } }),
  },
];

function record(text: string, task = 'DLoad'): ConsoleRecord {
  return {
    kind: 'record', index: 0, line: 1, endLine: 1, level: 'NOT', time: '00:00:00.000000', timeMicros: 0, task, text, repairs: [], outOfOrder: false,
  };
}

describe('console dialect as data', () => {
  it('extra entries give other events with their named groups (unmatched groups left out)', () => {
    const parsed = parseConsoleLog(childLines, 'vlab', { extraDialect: vlabEntries });
    assert.deepEqual(
      parsed.events.map(({ record: r, ...e }) => ({ r, ...e })),
      [
        { r: 0, type: 'other', name: 'vlab-joined', fields: { xid: 'XID00AA', parent: '10.0.0.5', slot: '1' }, line: 1, timeMicros: 10800000001 },
        { r: 1, type: 'other', name: 'vlab-bytes', fields: { bytes: '1630052', file: 'jar41sccp.9-4-2ES26.sbn' }, line: 2, timeMicros: 10800000002 },
        { r: 2, type: 'advert', xid: 'XID00AA', n: 1, claim: 'ClaimRoot(tent)', line: 3, timeMicros: 10800000003 },
      ],
    );
  });

  it('without the extra entries those lines are records with no event', () => {
    const parsed = parseConsoleLog(childLines, 'vlab');
    assert.equal(parsed.records.length, 3);
    assert.deepEqual(parsed.events.map((e) => e.type), ['advert']);
  });

  it('a replacement dialect drops the built-in entries', () => {
    const parsed = parseConsoleLog(childLines, 'vlab', { dialect: vlabEntries });
    assert.deepEqual(parsed.events.map((e) => (e.type === 'other' ? e.name : e.type)), ['vlab-joined', 'vlab-bytes']);
  });

  it('an entry may add a typed event, or decline a match with null', () => {
    const entries: ConsoleDialectEntry[] = [
      { name: 'decline', pattern: /^VLAB/, toEvent: () => null },
      { name: 'vlab-root', pattern: /^VLAB child (?<xid>\S+)/, toEvent: () => ({ type: 'root-confirmed' }) },
    ];
    const parsed = parseConsoleLog(childLines, 'vlab', { dialect: entries });
    assert.deepEqual(parsed.events.map((e) => [e.type, e.record]), [['root-confirmed', 0]]);
  });

  it('an entry restricted to a task only sees that task', () => {
    const dialect = compileDialect([{ name: 'x', pattern: /^hello/, task: 'SCCP' }]);
    assert.equal(dialect.eventFor(record('hello', 'DLoad')), null);
    assert.equal(dialect.eventFor(record('hello', 'SCCP'))?.type, 'other');
  });

  it('a global or sticky pattern behaves the same on every record', () => {
    const dialect = compileDialect([{ name: 'g', pattern: /^hello/g }]);
    for (let i = 0; i < 3; i++) assert.equal(dialect.eventFor(record('hello'))?.type, 'other');
  });

  it('first-character dispatch: unanchored and anchored entries are both tried, in table order', () => {
    const dialect = compileDialect([
      { name: 'anywhere', pattern: /strength/ },
      { name: 'anchored', pattern: /^UT:/ },
    ]);
    const event = dialect.eventFor(record('UT:Confirmed root bumping strength'));
    assert.equal(event?.type === 'other' ? event.name : event?.type, 'anywhere');
    const event2 = dialect.eventFor(record('xx strength'));
    assert.equal(event2?.type === 'other' ? event2.name : event2?.type, 'anywhere');
  });

  it('an entry starting with a non-ASCII character still matches', () => {
    const dialect = compileDialect([{ name: 'accent', pattern: /^état (?<s>\w+)/ }]);
    assert.deepEqual(dialect.eventFor(record('état ROOT_WAITING')), {
      type: 'other', name: 'accent', fields: { s: 'ROOT_WAITING' }, record: 0, line: 1, timeMicros: 0,
    });
  });

  it('reads the first literal character only where it is certain', () => {
    const cases: [RegExp, string | null][] = [
      [/^\+\+\+ fd/, '+'],
      [/^(?<xid>XID[0-9A-F]+)/, 'X'],
      [/^(?:ab)?c/, null],
      [/^a?b/, null],
      [/^a|b/, null],
      [/^[ab]/, null],
      [/^\d/, null],
      [/^x/i, null],
      [/x/, null],
      [/^(?=a)a/, null],
    ];
    for (const [pattern, expected] of cases) assert.equal(literalFirstChar(pattern), expected, String(pattern));
  });

  it('every built-in entry is dispatched by its first character', () => {
    for (const entry of cisco79xxDialect) assert.notEqual(literalFirstChar(entry.pattern), null, entry.name);
  });
});
