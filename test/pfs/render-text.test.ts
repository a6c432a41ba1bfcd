// The text report groups counts by hand instead of through ICU (render/text.ts): it must write
// every number exactly as toLocaleString('en-US') does, which it replaced.
import assert from 'node:assert/strict';
import { withThousands } from '../../harness/pfs/render/text.ts';

describe('render/text: counts with thousands separators', () => {
  it('writes integers, negatives and the odd values exactly as toLocaleString("en-US")', () => {
    const values = [0, -0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10_000, 123_456, 999_999, 1_000_000, 3_157_527, 1_100_686_880, -1, -999, -1000, -1_234_567];
    values.push(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e21, 0.5, 1234.5678, -0.25, NaN, Infinity, -Infinity);
    for (let digits = 1; digits <= 16; digits++) values.push(Number('9'.repeat(digits)), 10 ** (digits - 1), -(10 ** (digits - 1)));
    for (const n of values) assert.equal(withThousands(n), n.toLocaleString('en-US'), `${String(n)}`);
  });
});
