// Out-of-time-order records: flagged, never reordered. Which record of a backward step is
// blamed follows harness/evidence/console/time-order.ts.
import assert from 'node:assert/strict';
import { parseConsoleLog, parseConsoleLogStream } from '../../harness/evidence/console/index.ts';

/** Records at the given seconds past 10:00:00, one per line. */
function logAt(seconds: readonly number[]): string {
  return seconds
    .map((s) => {
      const ss = String(Math.floor(s)).padStart(2, '0');
      const micros = String(Math.round((s % 1) * 1e6)).padStart(6, '0');
      return `NOT 10:00:${ss}.${micros} DLoad: t=${s}`;
    })
    .join('\n');
}

function flagged(seconds: readonly number[]): number[] {
  const parsed = parseConsoleLog(logAt(seconds), 'order');
  assert.deepEqual(
    parsed.records.map((r) => r.index),
    seconds.map((_, i) => i),
    'file order is kept',
  );
  return parsed.records.filter((r) => r.outOfOrder).map((r) => r.index);
}

describe('console out-of-order detection', () => {
  it('flags nothing in a non-decreasing log (equal times included)', () => {
    assert.deepEqual(flagged([1, 2, 2, 3, 4]), []);
  });

  it('flags a lone late record, not the in-order one after it (the published case)', () => {
    assert.deepEqual(flagged([1, 2, 3, 14, 4, 5, 6]), [3]);
  });

  it('flags a lone early record', () => {
    assert.deepEqual(flagged([1, 2, 3, 0.5, 4, 5]), [3]);
  });

  it('flags the record earlier than the one before it when the log steps back for good', () => {
    assert.deepEqual(flagged([10, 11, 12, 1, 2, 3]), [3]);
  });

  it('when either neighbour could be the odd one, flags the earlier-than-its-predecessor one', () => {
    assert.deepEqual(flagged([1, 3, 2, 4]), [2]);
  });

  it('with no record after a step back to prove the earlier one late, flags the later one', () => {
    assert.deepEqual(flagged([1, 2, 9, 3]), [3]);
  });

  it('flags two separate late records', () => {
    assert.deepEqual(flagged([1, 30, 2, 3, 40, 4, 5]), [1, 4]);
  });

  it('does not flag the day rolling over at midnight', () => {
    const parsed = parseConsoleLog(
      ['NOT 23:59:59.000000 DLoad: a', 'NOT 23:59:59.900000 DLoad: b', 'NOT 00:00:00.100000 DLoad: c', 'NOT 00:00:01.000000 DLoad: d'].join('\n'),
      'midnight',
    );
    assert.deepEqual(parsed.records.filter((r) => r.outOfOrder), []);
  });

  it('flags the same records whether the log is streamed or parsed whole', async () => {
    const text = logAt([1, 2, 3, 14, 4, 5, 6, 0.5, 7]);
    const streamed = await parseConsoleLogStream([...text], 'order');
    assert.deepEqual(streamed, parseConsoleLog(text, 'order'));
  });
});
