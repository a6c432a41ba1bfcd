// What the lease tests check, shared by the etcd, network-cut and pool tests.
import assert from 'node:assert/strict';
import type { LeaseStore } from '../../../harness/lab/lease-store/index.ts';
import type { LineChild } from './children.ts';
import { taker } from './children.ts';

/** `rounds` rounds of every taker trying at once: exactly one wins each, and the store names it. */
export async function race(takers: LineChild[], rounds: number, store: LeaseStore, lab: string): Promise<number[]> {
  const wins = takers.map(() => 0);
  for (let r = 0; r < rounds; r++) {
    for (const t of takers) t.send(`go ${r}`);
    const answers = await Promise.all(takers.map((t) => t.next()));
    assert.deepEqual(
      answers.filter((a) => !a.startsWith(`won ${r} `) && a !== `lost ${r}`),
      [],
      `round ${r}: a taker failed`,
    );
    const winners = answers.flatMap((a, i) => (a.startsWith(`won ${r} `) ? [i] : []));
    assert.equal(winners.length, 1, `round ${r}: ${winners.length} takers won: ${answers.join(', ')}`);
    const w = winners[0] as number;
    wins[w] = (wins[w] ?? 0) + 1;
    const fence = (answers[w] ?? '').split(' ')[2];
    const held = await store.read(lab);
    assert.equal(held?.revision ?? held?.token, fence, `round ${r}: the store names another holder`);
    assert.equal(held?.purpose, `round ${r}`);
    takers[w]?.send('release');
    assert.equal(await takers[w]?.next(), 'released');
  }
  return wins;
}

export async function startTakers(n: number, spec: (i: number) => { endpoints?: string[]; dir?: string }, lab: string): Promise<LineChild[]> {
  const ts = Array.from({ length: n }, (_, i) => taker(spec(i), lab));
  for (const t of ts) assert.equal(await t.next(), 'ready');
  return ts;
}

/** Every change the run made was undone, newest first, and nothing was changed after the first undo. */
export function assertRestored(eventsText: string, runLines: string[]): void {
  const lines = eventsText.trim().split('\n');
  const changes = lines.filter((l) => l.startsWith('change ')).map((l) => l.split(' ')[1]);
  const undos = lines.filter((l) => l.startsWith('undo ')).map((l) => l.split(' ')[1]);
  assert.ok(changes.length > 0, 'the run changed nothing: the test proves nothing');
  assert.deepEqual(undos, [...changes].reverse(), 'not every change was undone, newest first');
  const firstUndo = lines.findIndex((l) => l.startsWith('undo '));
  assert.ok(lines.slice(firstUndo).every((l) => l.startsWith('undo ')), 'the lab was changed after restoring began');
  assert.ok(runLines.includes(`made ${changes.length}`), `the run's count of changes disagrees with the lab: ${runLines.join(' | ')}`);
}

export async function waitFor(cond: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
