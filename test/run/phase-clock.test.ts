import assert from 'node:assert/strict';
import { PhaseClock } from '../../harness/run/orchestrate/phase-clock.ts';

describe('phase clock of a scenario', () => {
  it('times each phase from the previous mark, in order, and says so in one line', async () => {
    const clock = new PhaseClock();
    await new Promise((r) => setTimeout(r, 30));
    clock.mark('first');
    clock.mark('second');
    const [first, second] = clock.list();
    assert.equal(first?.name, 'first');
    assert.ok((first?.ms ?? 0) >= 25, `first took ${first?.ms} ms`);
    assert.equal(second?.name, 'second');
    assert.ok((second?.ms ?? 99) < (first?.ms ?? 0), 'the second phase starts at the first mark, not at the clock start');
    assert.match(clock.summary(), /^first \d+\.\d s, second \d+\.\d s$/);
  });
});
