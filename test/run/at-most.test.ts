import assert from 'node:assert/strict';
import { eachAtMost } from '../../harness/run/orchestrate/at-most.ts';

describe('eachAtMost: lab changes a few at a time', () => {
  it('runs no more than n at once, and returns the results in item order', async () => {
    let running = 0;
    let most = 0;
    const out = await eachAtMost(3, [5, 1, 4, 2, 3, 0, 6], async (ms) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      return ms * 10;
    });
    assert.equal(most, 3);
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0, 60]);
  });

  it('reports the first failure only once every task has ended (none still changing the lab)', async () => {
    const ended: number[] = [];
    await assert.rejects(
      eachAtMost(2, [1, 2, 3, 4], async (i) => {
        if (i === 1) throw new Error('phone 1 refused');
        await new Promise((r) => setTimeout(r, 20));
        ended.push(i);
      }),
      /phone 1 refused/,
    );
    assert.deepEqual(ended.sort(), [2, 3, 4]);
  });
});
