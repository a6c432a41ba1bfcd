// The lab lease on a real etcd (Debian's etcd-server), started by the tests on free loopback
// ports: one member, and a 3-member cluster. Races between separate processes, a holder
// killed with SIGKILL, a member killed mid-run, and the `lab lease` command on both stores.
// No wall-clock assertions: only what the store and the runs say, and in which order.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pendingEntries, replayJournal } from '../../harness/lab/journal.ts';
import type { UndoStep } from '../../harness/lab/journal.ts';
import { LeaseHeldError } from '../../harness/lab/lease.ts';
import type { Lease } from '../../harness/lab/lease.ts';
import { EtcdLeaseStore, etcdEndpointsFromEnv, FileLeaseStore, LeaseLostError } from '../../harness/lab/lease-store/index.ts';
import { REPO_ROOT, runCli } from '../cli/run-cli.ts';
import { EtcdCluster } from '../support/etcd.ts';
import { fencedRun } from './support/children.ts';
import type { LineChild } from './support/children.ts';
import { assertRestored, race, startTakers, waitFor } from './support/lease-checks.ts';

const LAB = 'virtual'; // labs/virtual.yaml's name: the CLI tests lease it
const VIRTUAL = path.join(REPO_ROOT, 'labs', 'virtual.yaml');

describe('lab lease on etcd', function () {
  this.timeout(180_000);
  let tmp: string;
  const children: LineChild[] = [];
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pfslab-etcd-lease-'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill();
    await rm(tmp, { recursive: true, force: true });
  });

  it('reads PFSLAB_LEASE_STORE: etcd:// is http, etcds:// https; garbage is refused clearly', () => {
    assert.deepEqual(etcdEndpointsFromEnv('etcd://10.0.0.1:2379,etcd2.lab:2379'), ['http://10.0.0.1:2379', 'http://etcd2.lab:2379']);
    assert.deepEqual(etcdEndpointsFromEnv('etcds://etcd1.lab:2379'), ['https://etcd1.lab:2379']);
    assert.equal(etcdEndpointsFromEnv(undefined), undefined);
    assert.equal(etcdEndpointsFromEnv('file'), undefined);
    assert.throws(() => etcdEndpointsFromEnv('redis://x:1'), /expected etcd:\/\/HOST:PORT/);
    assert.throws(() => etcdEndpointsFromEnv('etcd://nohostport'), /'nohostport' is not HOST:PORT/);
  });

  describe('one member', () => {
    let etcd: EtcdCluster;
    let store: EtcdLeaseStore;
    const held: Lease[] = [];
    before(async () => {
      etcd = await EtcdCluster.start();
      store = new EtcdLeaseStore({ endpoints: etcd.endpoints });
    });
    after(async () => {
      await etcd?.stop();
    });
    afterEach(async () => {
      for (const l of held.splice(0)) await l.release();
    });

    it('holds the holder, purpose and start in the key; refuses a second taker naming them; frees on release', async () => {
      const l = await store.acquire({ lab: 'a', owner: 'qa@runner-1 pid 7', purpose: 'nightly 2026-12-06', ttlMs: 5000 });
      held.push(l);
      const kv = await store.gateway.get(store.leaseKey('a'));
      const value = JSON.parse(kv?.value ?? '{}') as Record<string, unknown>;
      assert.equal(value.owner, 'qa@runner-1 pid 7');
      assert.equal(value.purpose, 'nightly 2026-12-06');
      assert.equal(value.acquiredAt, l.info.acquiredAt);
      assert.equal(kv?.createRevision, l.fence, 'the fence is the key\'s create revision');
      assert.notEqual(kv?.lease, '0', 'the key lives on an etcd lease');
      const e = await store.acquire({ lab: 'a' }).then(
        () => assert.fail('second taker won'),
        (x: unknown) => x,
      );
      assert.ok(e instanceof LeaseHeldError);
      assert.match(e.message, /qa@runner-1 pid 7 \(nightly 2026-12-06\)/);
      await store.checkHeld('a', l.fence);
      await l.release();
      assert.equal(await store.read('a'), undefined);
      await assert.rejects(store.checkHeld('a', l.fence), LeaseLostError);
    });

    it('keeps the lease alive past its TTL by renewing it', async () => {
      const l = await store.acquire({ lab: 'renewed', ttlMs: 2000, renewEveryMs: 300 });
      held.push(l);
      // Outlive the 2 s TTL three times over: the same key on the same etcd lease all along.
      const first = await store.gateway.get(store.leaseKey('renewed'));
      for (let i = 0; i < 12; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const kv = await store.gateway.get(store.leaseKey('renewed'));
        assert.deepEqual([kv?.createRevision, kv?.lease], [first?.createRevision, first?.lease], 'the key expired although its holder renews it');
      }
      assert.equal(l.lost, false);
      await store.checkHeld('renewed', l.fence);
    });

    it('2 takers racing, 200 rounds: exactly one holder each round', async () => {
      const ts = await startTakers(2, () => ({ endpoints: etcd.endpoints }), 'race2');
      children.push(...ts);
      const wins = await race(ts, 200, store, 'race2');
      assert.equal(wins.reduce((a, b) => a + b, 0), 200);
    });

    it('8 takers racing, 200 rounds: exactly one holder each round', async () => {
      const ts = await startTakers(8, () => ({ endpoints: etcd.endpoints }), 'race8');
      children.push(...ts);
      const wins = await race(ts, 200, store, 'race8');
      assert.equal(wins.reduce((a, b) => a + b, 0), 200);
    });

    it('breaking the lease makes its holder lose it: its next change is refused, and it restores and reports infrastructure', async () => {
      const events = path.join(tmp, 'events');
      const run = fencedRun({ endpoints: etcd.endpoints, lab: 'broken', ttlMs: 3000, events, journal: path.join(tmp, 'j.jsonl'), steps: 10_000, stepMs: 50 });
      children.push(run);
      await run.until(/^leased /);
      await waitFor(async () => (await readFile(events, 'utf8').catch(() => '')).includes('change k3 '));
      const was = await store.break('broken');
      assert.equal(was?.purpose, 'fenced-run');
      const outcome = await run.until(/^outcome /);
      assert.match(outcome, /^outcome Lab or infrastructure problem: /);
      assert.equal(await run.exited, 5);
      assertRestored(await readFile(events, 'utf8'), run.lines);
    });

    it('a holder killed with SIGKILL: shown as gone, freed by etcd after its TTL, taken by a new run that replays its journal', async () => {
      const events = path.join(tmp, 'events');
      const journal = path.join(tmp, 'dead.jsonl');
      // A TTL longer than a CLI start on a busy machine, so that `lab lease` sees it held.
      const run = fencedRun({ endpoints: etcd.endpoints, lab: LAB, ttlMs: 20_000, events, journal, steps: 3, stepMs: 10, wait: true });
      children.push(run);
      const fence = (await run.until(/^leased /)).split(' ')[1];
      await run.until(/^made 3$/);
      await run.kill('SIGKILL');

      // Still held (etcd does not know the process died), and `lab lease` says what happened.
      const env = { PFSLAB_LEASE_STORE: `etcd://${etcd.endpoints[0]?.replace('http://', '')}` };
      const shown = await runCli(['lab', 'lease', '--lab', VIRTUAL], { env });
      assert.match(shown.stdout, new RegExp(`holder pid ${run.proc.pid} is gone: the next run takes it over`), shown.stdout + shown.stderr);
      assert.equal(shown.status, 0, 'a lease whose holder is gone is free for the next run');
      // A taker that may not take over a dead holder's lease finds it held...
      await assert.rejects(store.acquire({ lab: LAB, takeOverExpired: false }), LeaseHeldError);
      // ...until etcd expires it: the lease frees after its TTL with nobody breaking it.
      const next = await store.acquire({ lab: LAB, takeOverExpired: false, waitMs: 60_000 });
      held.push(next);
      assert.notEqual(next.fence, fence);
      // The new run replays what the dead run left, under which lease it was made.
      const left = await pendingEntries(journal);
      assert.deepEqual(left.map((e) => [e.step.target, e.lease]), [['k0', fence], ['k1', fence], ['k2', fence]]);
      const undone: string[] = [];
      const failures = await replayJournal(journal, new Map([['test.set', (s: UndoStep) => Promise.resolve(void undone.push(s.target))]]));
      assert.deepEqual(failures, []);
      assert.deepEqual(undone, ['k2', 'k1', 'k0']);
    });

    it('a holder killed on this host is taken over at once by default (no wait for the TTL)', async () => {
      const run = fencedRun({ endpoints: etcd.endpoints, lab: 'dead-here', ttlMs: 60_000, events: path.join(tmp, 'e'), journal: path.join(tmp, 'j'), steps: 1, stepMs: 1, wait: true });
      children.push(run);
      await run.until(/^made 1$/);
      await run.kill('SIGKILL');
      const l = await store.acquire({ lab: 'dead-here' });
      held.push(l);
      assert.equal((await store.read('dead-here'))?.token, l.info.token);
    });

    it('`pfslab lab lease` shows and --break breaks an etcd lease as it does a lease file', async () => {
      const env = { PFSLAB_LEASE_STORE: `etcd://${etcd.endpoints[0]?.replace('http://', '')}`, PFSLAB_LEASE_DIR: path.join(tmp, 'leases') };
      const file = new FileLeaseStore(env.PFSLAB_LEASE_DIR);
      for (const [s, e] of [
        [store, env],
        [file, { PFSLAB_LEASE_DIR: env.PFSLAB_LEASE_DIR, PFSLAB_LEASE_STORE: '' }],
      ] as const) {
        const l = await s.acquire({ lab: LAB, owner: 'alice@runner-2 pid 99', purpose: 'bug 1234 repro', ttlMs: 30_000 });
        const shown = await runCli(['lab', 'lease', '--lab', VIRTUAL], { env: e });
        assert.equal(shown.status, 4, shown.stdout + shown.stderr);
        assert.match(shown.stdout, /lab virtual: held by alice@runner-2 pid 99 for bug 1234 repro, since \S+, renewed \S+, until \S+/);
        assert.ok(shown.stdout.includes(s.where), `names its store: ${shown.stdout}`);
        const broken = await runCli(['lab', 'lease', '--lab', VIRTUAL, '--break'], { env: e });
        assert.match(broken.stdout, /broke the lease of alice@runner-2 pid 99 \(bug 1234 repro\)/);
        assert.equal(await s.read(LAB), undefined);
        await l.renew().catch(() => undefined);
        assert.equal(l.lost, true, `${s.kind}: the holder of a broken lease found out at its next renewal`);
        await l.release();
        const free = await runCli(['lab', 'lease', '--lab', VIRTUAL], { env: e });
        assert.equal(free.status, 0);
        assert.match(free.stdout, /lab virtual: free/);
      }
    });

    it('the single member killed mid-run: the run stops changing the lab, restores, and reports infrastructure', async () => {
      // Last in this block: it ends the member.
      const events = path.join(tmp, 'events');
      const run = fencedRun({ endpoints: etcd.endpoints, lab: 'member-killed', ttlMs: 3000, events, journal: path.join(tmp, 'j.jsonl'), steps: 10_000, stepMs: 50 });
      children.push(run);
      await run.until(/^leased /);
      await waitFor(async () => (await readFile(events, 'utf8').catch(() => '')).includes('change k3 '));
      await etcd.kill(etcd.members[0] as never);
      const outcome = await run.until(/^outcome /);
      assert.match(outcome, /^outcome Lab or infrastructure problem: .*(cannot confirm the lease|no renewal confirmed by etcd)/);
      assert.equal(await run.exited, 5);
      assertRestored(await readFile(events, 'utf8'), run.lines);
    });
  });

  describe('a 3-member cluster', () => {
    let etcd: EtcdCluster;
    let store: EtcdLeaseStore;
    before(async () => {
      etcd = await EtcdCluster.start({ members: 3 });
      store = new EtcdLeaseStore({ endpoints: etcd.endpoints });
    });
    after(async () => {
      await etcd?.stop();
    });

    for (const n of [2, 8]) {
      it(`${n} takers racing through different members, 200 rounds: exactly one holder each round`, async () => {
        const rotate = (i: number): string[] => etcd.endpoints.map((_, k) => etcd.endpoints[(i + k) % 3] as string);
        const ts = await startTakers(n, (i) => ({ endpoints: rotate(i) }), `race-cluster-${n}`);
        children.push(...ts);
        const wins = await race(ts, 200, store, `race-cluster-${n}`);
        assert.equal(wins.reduce((a, b) => a + b, 0), 200);
      });
    }

    it('the leader, the member the run talks to, killed mid-run: the run keeps its lease and finishes', async () => {
      const leader = await etcd.leader();
      const endpoints = [leader.clientUrl, ...etcd.endpoints.filter((e) => e !== leader.clientUrl)];
      const events = path.join(tmp, 'events');
      const steps = 60;
      // A TTL that outlasts an election (about 1 s here) with room: the run must ride it out.
      const run = fencedRun({ endpoints, lab: 'cluster-run', ttlMs: 6000, events, journal: path.join(tmp, 'j.jsonl'), steps, stepMs: 100 });
      children.push(run);
      await run.until(/^leased /);
      await waitFor(async () => (await readFile(events, 'utf8').catch(() => '')).includes('change k5 '));
      await etcd.kill(leader);
      const made = await run.until(/^made /);
      await run.exited;
      assert.equal(made, `made ${steps}`, run.lines.join(' | '));
      assert.equal(await run.until(/^outcome /), 'outcome finished');
      assert.equal(await run.exited, 0);
      assertRestored(await readFile(events, 'utf8'), run.lines);
    });
  });
});

