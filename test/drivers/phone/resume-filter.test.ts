// ResumeFilter on scripted reconnections (offline).
import assert from 'node:assert/strict';
import { ResumeFilter } from '../../../drivers/phone/resume-filter.ts';

const rec = (i: number) => `INF 10:00:00.${String(i).padStart(6, '0')} Test: line ${i}`;
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => rec(a + k));

function connection(f: ResumeFilter, backlog: string[], live: string[]): string[] {
  f.reconnect();
  const out: string[] = [];
  for (const l of backlog) out.push(...f.record(l));
  out.push(...f.backlogEnded());
  for (const l of live) out.push(...f.record(l));
  return out;
}

describe('drivers/phone ResumeFilter', function () {
  it('passes the backlog, then after a reconnection only what follows the last record seen', function () {
    const gaps: string[] = [];
    const f = new ResumeFilter('start', (g) => gaps.push(g));
    const a = connection(f, range(0, 10), range(10, 15));
    const b = connection(f, range(3, 20), range(20, 22));
    assert.deepEqual([...a, ...b], range(0, 22));
    assert.deepEqual(gaps, []);
  });

  it("reports a gap when the last record seen has left the phone's log, and passes the whole backlog", function () {
    const gaps: string[] = [];
    const f = new ResumeFilter('start', (g) => gaps.push(g));
    const a = connection(f, range(0, 5), []);
    const b = connection(f, range(8, 12), range(12, 13));
    assert.deepEqual([...a, ...b], [...range(0, 5), ...range(8, 13)]);
    assert.equal(gaps.length, 1);
  });

  it("'now' skips the first backlog but not what is written later, even across reconnections", function () {
    const f = new ResumeFilter('now', () => assert.fail('no gap expected'));
    const a = connection(f, range(0, 5), range(5, 7));
    const b = connection(f, range(0, 9), []);
    assert.deepEqual([...a, ...b], range(5, 9));
  });
});
