// The console lines a virtual phone writes (labs/virtual/phone/console-lines.ts) read back
// with the dialects that read them: every line of the virtual lab's own with
// virtualPhoneDialect (by name, with the fields it was written with), every published root
// line with the parser's 79xx dialect. The format is defined once; this proves writer and
// reader agree, and that no line is written that nothing reads.
import assert from 'node:assert/strict';
import { parseConsoleLog } from '../../../harness/evidence/console/index.ts';
import type { PfsEvent } from '../../../harness/evidence/console/index.ts';
import type { ConsoleLine } from '../../../labs/virtual/phone/console-lines.ts';
import { publishedLines, twinLines } from '../../../labs/virtual/phone/console-lines.ts';
import { virtualPhoneDialect } from '../../../labs/virtual/phone/console-dialect.ts';
import { ConsoleLog } from '../../../labs/virtual/phone/console-log.ts';

const X = 'XID0000A102';
const P = '/dnld/jar41sccp.9-4-2ES26.sbn';
const R = '10.20.1.22';
const C = '10.20.1.23';

/** Each twin line kind, written once, with the fields the dialect must read back. */
const TWIN: Record<keyof typeof twinLines, readonly [ConsoleLine, Record<string, string>]> = {
  yield: [twinLines.yield.write(X, R, '8a1c33f0'), { xid: X, from: R, strength: '8a1c33f0' }],
  'root-heard': [twinLines['root-heard'].write(X, R, 'CP-7961G', P, true), { xid: X, rootIp: R, model: 'CP-7961G', path: P }],
  'no-root': [twinLines['no-root'].write(X, 4000), { xid: X, ms: '4000' }],
  'place-request': [twinLines['place-request'].write(X, R, 17, P), { xid: X, rootIp: R, try: '17', path: P }],
  placed: [twinLines.placed.write(X, C, P), { xid: X, parent: C, path: P }],
  'no-placement': [twinLines['no-placement'].write(X, R), { xid: X, rootIp: R }],
  join: [twinLines.join.write(X, R, P), { xid: X, parent: R, path: P }],
  redirected: [twinLines.redirected.write(X, R, C), { xid: X, from: R, to: C }],
  refused: [twinLines.refused.write(X, R, 'not-in-hierarchy:joining'), { xid: X, from: R, reason: 'not-in-hierarchy:joining' }],
  'join-failed': [twinLines['join-failed'].write(X, C), { xid: X, parent: C }],
  accepted: [twinLines.accepted.write(X, R, P), { xid: X, parent: R, path: P }],
  'child-accepted': [twinLines['child-accepted'].write(X, C, 1, 9), { xid: X, child: C, slot: '1', fd: '9' }],
  'child-redirected': [twinLines['child-redirected'].write(X, '10.20.1.27', C), { xid: X, child: '10.20.1.27', to: C }],
  'child-refused': [twinLines['child-refused'].write(X, R, 'ancestor'), { xid: X, child: R, reason: 'ancestor' }],
  'child-lost': [twinLines['child-lost'].write(X, C), { xid: X, child: C }],
  'hierarchy-done-sent': [twinLines['hierarchy-done-sent'].write(X, 21, 22, P), { xid: X, n: '21', expected: '22', path: P }],
  'hierarchy-done': [twinLines['hierarchy-done'].write(X, R, P), { xid: X, rootIp: R, path: P }],
  'tx-file': [twinLines['tx-file'].write(X, P, C, 101878), { xid: X, path: P, child: C, bytes: '101878' }],
  'rx-file': [twinLines['rx-file'].write(X, P, R, 101878, 'CRC-32 1234abcd, manifest says 0000ffff'), { xid: X, path: P, parent: R, bytes: '101878', verdict: 'BAD' }],
  'root-silent': [twinLines['root-silent'].write(X, R, 0), { xid: X, rootIp: R, bytes: '0' }],
  'parent-lost': [twinLines['parent-lost'].write(X, C, 50939, R), { xid: X, parent: C, bytes: '50939', action: 'rejoin' }],
  'tftp-fallback': [twinLines['tftp-fallback'].write(X, P, 'no parent after retries'), { xid: X, path: P, reason: 'no parent after retries' }],
  'tftp-rejected': [twinLines['tftp-rejected'].write(X, P, 'size 5, manifest says 6'), { xid: X, path: P, reason: 'size 5, manifest says 6' }],
};

/** Writes the lines as a phone does (console-log.ts, task DLoad) and parses them back. */
function readBack(lines: readonly ConsoleLine[]): PfsEvent[] {
  const log = new ConsoleLog();
  for (const [level, text] of lines) log.write(level, 'DLoad', text);
  const parsed = parseConsoleLog(log.all(), 'written', { extraDialect: virtualPhoneDialect });
  assert.equal(parsed.unreadable.count, 0);
  assert.equal(parsed.records.length, lines.length);
  return parsed.events;
}

function other(e: PfsEvent | undefined): { name: string; fields: Record<string, string> } {
  assert.equal(e?.type, 'other', `an event of the virtual lab's dialect, got ${e?.type}`);
  return e;
}

describe("virtual phones' console lines read back with their dialects", () => {
  it('every line of the virtual lab gives the event of its own name, with the fields it was written with', () => {
    const kinds = Object.keys(twinLines) as (keyof typeof twinLines)[];
    assert.deepEqual(kinds, virtualPhoneDialect.map((e) => e.name), 'the dialect is made from the same table, in its order');
    const events = readBack(kinds.map((k) => TWIN[k][0]));
    assert.equal(events.length, kinds.length);
    for (const [i, k] of kinds.entries()) {
      const e = other(events[i]);
      assert.equal(e.name, k);
      assert.deepEqual(e.fields, TWIN[k][1], k);
    }
  });

  it('the variants of a line read back too: a good copy, a DONE without a count, a reelect', () => {
    const events = readBack([twinLines['rx-file'].write(X, P, R, 7, undefined), twinLines['hierarchy-done-sent'].write(X, 3, undefined, P), twinLines['parent-lost'].write(X, R, 0)]);
    assert.deepEqual(events.map((e) => other(e).fields), [
      { xid: X, path: P, parent: R, bytes: '7', verdict: 'ok' },
      { xid: X, n: '3', path: P },
      { xid: X, parent: R, bytes: '0', action: 'reelect' },
    ]);
    assert.deepEqual(readBack([twinLines['rx-file'].write(X, P, R, 7, 'bad')]).length, 1);
    assert.equal(twinLines['rx-file'].write(X, P, R, 7, 'bad')[0], 'ERR', 'a rejected copy is an error');
  });

  it("every published root line is read by the parser's 79xx dialect as its own event", () => {
    const lines: [ConsoleLine, PfsEvent['type']][] = [
      [publishedLines.listening(7, 4051), 'listening'],
      [publishedLines.udpPortOpened(), 'udp-port-opened'],
      [publishedLines.slots(-1, 9, -1, false), 'slots'],
      [publishedLines.claimRoot(X, '1a2b3c4d', '8a1c33f0'), 'claim-root'],
      [publishedLines.advert(X, 2), 'advert'],
      [publishedLines.timeout(X), 'timeout'],
      [publishedLines.rootConfirmed(), 'root-confirmed'],
      [publishedLines.hroot(X, '0badcafe', 'CP-7961G', R, P), 'hroot'],
      [publishedLines.xfrCmd(X), 'tftp-xfrcmd'],
    ];
    const events = readBack(lines.map(([l]) => l));
    assert.deepEqual(events.map((e) => e.type), lines.map(([, t]) => t));
  });
});
