// The suites' side of fencing: the journal a run's suites write through (opened with the
// fence `pfslab run` passes in PFSLAB_LEASE_FENCE) refuses a change as soon as the lease is
// no longer the run's, writes nothing of it, and still undoes what was made.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadLab } from '../../harness/lab/index.ts';
import { pendingEntries, TeardownJournal } from '../../harness/lab/journal.ts';
import type { UndoStep } from '../../harness/lab/journal.ts';
import { FileLeaseStore, LeaseLostError } from '../../harness/lab/lease-store/index.ts';
import { leaseFence } from '../../harness/run/fixture/lease-fence.ts';
import { REPO_ROOT } from '../cli/run-cli.ts';

describe('fencing in the teardown journal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-fence-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records each change with the lease it was made under, refuses the next once the lease is broken, and still undoes', async () => {
    const lab = await loadLab(path.join(REPO_ROOT, 'labs', 'virtual.yaml'));
    const env = { PFSLAB_LEASE_DIR: dir, PFSLAB_LEASE_STORE: '' };
    const store = new FileLeaseStore(dir);
    const lease = await store.acquire({ lab: lab.spec.name, purpose: 'fence test' });
    const fence = await leaseFence(lab, { ...env, PFSLAB_LEASE_FENCE: lease.fence });
    assert.ok(fence, 'a fence from PFSLAB_LEASE_FENCE');
    assert.equal(await leaseFence(lab, env), undefined, 'no fence without PFSLAB_LEASE_FENCE');
    const undone: string[] = [];
    const made: string[] = [];
    const journal = await TeardownJournal.create(path.join(dir, 'j.jsonl'), new Map([['poe.power', (s: UndoStep) => Promise.resolve(void undone.push(s.target))]]), undefined, fence);
    const step = (target: string): UndoStep => ({ kind: 'poe.power', target, params: { on: true }, description: `power ${target}` });
    await journal.change(step('1/1'), () => Promise.resolve(void made.push('1/1')));
    assert.deepEqual((await pendingEntries(path.join(dir, 'j.jsonl'))).map((e) => e.lease), [lease.fence]);

    await store.break(lab.spec.name); // a person breaks it
    await assert.rejects(
      journal.change(step('1/2'), () => Promise.resolve(void made.push('1/2'))),
      (e: unknown) => e instanceof LeaseLostError && /no longer this run.s \(broken\)/.test(e.message),
    );
    assert.deepEqual(made, ['1/1'], 'the refused change was made');
    assert.equal((await pendingEntries(path.join(dir, 'j.jsonl'))).length, 1, 'the refused change was journaled');
    assert.deepEqual(await journal.undoAll(), []);
    assert.deepEqual(undone, ['1/1']);
    await lease.release();
  });
});
