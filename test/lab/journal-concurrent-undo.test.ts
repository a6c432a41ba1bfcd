// Undoing side by side (issue 19): steps of independent kinds on different targets may be
// undone at once; per target the order stays newest first, and any other step is a barrier.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { JournalEntry, UndoConcurrency, UndoStep, Undoer } from '../../harness/lab/journal.ts';
import { TeardownJournal, pendingEntries, undoBatches } from '../../harness/lab/journal.ts';

const PHONE = 'cucm.phone-param';
const POWER = 'poe.power';
const CONCURRENT: UndoConcurrency = { kinds: new Set([PHONE]), atOnce: 4 };
const step = (kind: string, target: string, value: string): UndoStep => ({ kind, target, params: { value }, description: `${target} back to ${value}` });
const entry = (seq: number, kind: string, target: string): JournalEntry => ({ seq, at: '', step: step(kind, target, String(seq)) });

describe('teardown journal: undoing side by side', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-journal-cc-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts newest-first steps into batches: other kinds alone, independent ones chained per target (however spelled)', () => {
    const newestFirst = [entry(7, POWER, 'port 1'), entry(6, PHONE, 'A'), entry(5, PHONE, 'B'), entry(4, PHONE, 'a'), entry(3, POWER, 'port 2'), entry(2, PHONE, 'C'), entry(1, PHONE, 'A')];
    const seqs = undoBatches(newestFirst, CONCURRENT).map((b) => b.map((chain) => chain.map((e) => e.seq)));
    assert.deepEqual(seqs, [[[7]], [[6, 4], [5]], [[3]], [[2], [1]]]);
    assert.deepEqual(undoBatches(newestFirst).map((b) => b.map((chain) => chain.map((e) => e.seq))), [[[7]], [[6]], [[5]], [[4]], [[3]], [[2]], [[1]]], 'without concurrency: one by one');
  });

  it('undoes targets at once, each target newest first, and waits for them all at a barrier', async () => {
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const slow: Undoer = async (s) => {
      running += 1;
      most = Math.max(most, running);
      log.push(`start ${s.target}=${String(s.params.value)}`);
      await new Promise((r) => setTimeout(r, 15));
      log.push(`end ${s.target}=${String(s.params.value)}`);
      running -= 1;
    };
    const j = await TeardownJournal.create(path.join(dir, 'run.journal'), new Map([[PHONE, slow], [POWER, slow]]), undefined, undefined, CONCURRENT);
    // Oldest first: phones A..D twice, then a power step, then phones again.
    for (const [kind, target, value] of [[PHONE, 'A', 'a0'], [PHONE, 'B', 'b0'], [PHONE, 'A', 'a1'], [PHONE, 'C', 'c0'], [PHONE, 'D', 'd0'], [POWER, 'port 1', 'on'], [PHONE, 'A', 'a2'], [PHONE, 'B', 'b1']] as const) {
      await j.change(step(kind, target, value), () => Promise.resolve());
    }
    assert.deepEqual(await j.undoAll(), []);
    assert.ok(most > 1, `never more than one at once: ${log.join(', ')}`);
    assert.ok(most <= CONCURRENT.atOnce);
    const at = (what: string): number => log.indexOf(what);
    // The power step is a barrier: the newer phone steps end before it starts, the older start after it ends.
    assert.ok(at('end A=a2') < at('start port 1=on') && at('end B=b1') < at('start port 1=on'), log.join(', '));
    for (const older of ['A=a1', 'B=b0', 'C=c0', 'D=d0', 'A=a0']) assert.ok(at(`start ${older}`) > at('end port 1=on'), `${older}: ${log.join(', ')}`);
    // One target: newest first, never two of its steps at once.
    assert.ok(at('end A=a1') < at('start A=a0'), log.join(', '));
    assert.deepEqual(await pendingEntries(path.join(dir, 'run.journal')), []);
  });

  it('a failing undo stays pending and is reported; the others are still undone', async () => {
    const done: string[] = [];
    const undo: Undoer = async (s) => {
      await new Promise((r) => setTimeout(r, 5));
      if (s.target === 'B') throw new Error('CUCM refused B');
      done.push(s.target);
    };
    const file = path.join(dir, 'run.journal');
    const j = await TeardownJournal.create(file, new Map([[PHONE, undo]]), undefined, undefined, CONCURRENT);
    for (const t of ['A', 'B', 'C']) await j.change(step(PHONE, t, 'x'), () => Promise.resolve());
    const failures = await j.undoAll();
    assert.deepEqual(failures.map((f) => [f.entry.step.target, f.error.message]), [['B', 'CUCM refused B']]);
    assert.deepEqual(done.sort(), ['A', 'C']);
    assert.deepEqual((await pendingEntries(file)).map((e) => e.step.target), ['B']);
  });
});
