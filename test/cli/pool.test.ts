// Lab pools: a pool of 3 virtual-lab descriptions (never brought up: scheduling only) shared
// by 5 concurrent runners, on etcd and on the lease directory. Never two runs on one lab; a
// lab whose health check keeps failing becomes bad, is skipped by every runner until
// `pfslab pool clear`, and `pfslab pool status` / `pfslab run --pool` say so.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLab } from '../../harness/lab/index.ts';
import { leaseStoreFor } from '../../harness/lab/lease-store/index.ts';
import type { LeaseStore } from '../../harness/lab/lease-store/index.ts';
import { loadPool, PoolFileError } from '../../harness/run/pool/pool-file.ts';
import { PoolBusyError, takeFromPool } from '../../harness/run/pool/take.ts';
import { EtcdCluster } from '../support/etcd.ts';
import { REPO_ROOT, runCli } from './run-cli.ts';

const RUNNER = fileURLToPath(new URL('../lab/support/pool-runner.ts', import.meta.url));
const LABS = ['pool-a', 'pool-b', 'pool-c'];

/** Runs the pool runners at once; resolves with each one's last line. */
function runners(n: number, args: object, env: NodeJS.ProcessEnv): Promise<string[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<string>((resolve, reject) => {
          const p = spawn(process.execPath, ['--import', 'tsx', RUNNER, JSON.stringify(args)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          p.stdout.on('data', (d: Buffer) => (out += d.toString()));
          p.stderr.on('data', (d: Buffer) => (err += d.toString()));
          p.on('error', reject);
          p.on('close', () => resolve(out.trim().split('\n').at(-1) || `nothing printed; stderr: ${err.slice(-300)}`));
        }),
    ),
  );
}

/** Never two runs on one lab at once: every start is followed by its own end before the next start. */
function assertExclusive(events: string): Map<string, number> {
  const holder = new Map<string, string>();
  const runs = new Map<string, number>();
  for (const line of events.trim().split('\n')) {
    const [what, lab = '', pid = ''] = line.split(' ');
    if (what === 'start') {
      assert.equal(holder.get(lab), undefined, `two runs on ${lab} at once: ${holder.get(lab) ?? ''} and ${pid}`);
      holder.set(lab, pid);
      runs.set(lab, (runs.get(lab) ?? 0) + 1);
    } else {
      assert.equal(holder.get(lab), pid, `${pid} ended a run on ${lab} it did not start`);
      holder.delete(lab);
    }
  }
  return runs;
}

describe('lab pools', function () {
  this.timeout(240_000);
  let tmp: string;
  let poolFile: string;
  let etcd: EtcdCluster;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pfslab-pool-'));
    const virtual = await readFile(path.join(REPO_ROOT, 'labs', 'virtual.yaml'), 'utf8');
    await mkdir(path.join(tmp, 'labs'));
    await symlink(path.join(REPO_ROOT, 'labs', 'loads'), path.join(tmp, 'labs', 'loads')); // the labs' loadsFile
    for (const name of LABS) await writeFile(path.join(tmp, 'labs', `${name}.yaml`), virtual.replace(/^name: virtual$/m, `name: ${name}`));
    poolFile = path.join(tmp, 'site-a.yaml');
    await writeFile(poolFile, `labs:\n${LABS.map((n) => `  - labs/${n}.yaml\n`).join('')}badAfter: 2\n`);
    etcd = await EtcdCluster.start();
    env = { PFSLAB_LEASE_STORE: `etcd://${(etcd.endpoints[0] ?? '').replace('http://', '')}` };
  });
  after(async () => {
    await etcd?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('reads a pool file relative to itself and refuses a broken one naming the file', async () => {
    const pool = await loadPool(poolFile);
    assert.deepEqual(
      pool.labs.map((l) => l.spec.name),
      LABS,
    );
    assert.equal(pool.badAfter, 2);
    const bad = path.join(tmp, 'bad.yaml');
    await writeFile(bad, 'lab: [x]\n');
    await assert.rejects(loadPool(bad), (e: unknown) => e instanceof PoolFileError && e.message.startsWith(`${bad}: `) && /labs/.test(e.message));
    await writeFile(bad, `labs: [labs/pool-a.yaml, labs/pool-a.yaml]\n`);
    await assert.rejects(loadPool(bad), /lab name 'pool-a' appears twice/);
  });

  for (const backend of ['etcd', 'file'] as const) {
    it(`5 concurrent --pool runners on 3 labs (${backend}): never two on one lab, every run done`, async () => {
      const events = path.join(tmp, `events-${backend}`);
      const e = backend === 'etcd' ? env : { PFSLAB_LEASE_STORE: '', PFSLAB_LEASE_DIR: path.join(tmp, 'leases') };
      const last = await runners(5, { pool: poolFile, events, unhealthyDir: path.join(tmp, 'nothing-unhealthy'), iterations: 6, holdMs: 40 }, e);
      assert.deepEqual(last, Array(5).fill('done'));
      const runs = assertExclusive(await readFile(events, 'utf8'));
      assert.equal([...runs.values()].reduce((x, y) => x + y, 0), 30);
      assert.ok(runs.size >= 2, `5 runners shared only ${[...runs.keys()].join(',')}: the pool did not spread them`);
    });
  }

  it('a lab that keeps failing its health check becomes bad, is skipped by every runner until cleared, and pool status says so', async () => {
    const unhealthy = path.join(tmp, 'unhealthy');
    await mkdir(unhealthy, { recursive: true });
    await writeFile(path.join(unhealthy, 'pool-b'), '');
    const events = path.join(tmp, 'events-bad');
    const last = await runners(5, { pool: poolFile, events, unhealthyDir: unhealthy, iterations: 4, holdMs: 40 }, env);
    assert.deepEqual(last, Array(5).fill('done'));
    const runs = assertExclusive(await readFile(events, 'utf8'));
    assert.equal(runs.get('pool-b'), undefined, 'a run was given the unhealthy lab');
    const b = await loadLab(path.join(tmp, 'labs', 'pool-b.yaml'));
    const store: LeaseStore = await leaseStoreFor(b, { ...process.env, ...env });
    const record = await store.readHealth('pool-b');
    assert.equal(record?.bad, true);
    assert.equal(record?.failuresInARow, 2, 'a runner checked it again after it was bad');
    assert.equal(record?.lastDetail, 'test: marked unhealthy');

    const status = await runCli(['pool', 'status', poolFile], { env });
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /pool-b\n\s+lease:\s+free\n\s+health: BAD: 2 failed checks in a row, last \S+: test: marked unhealthy \(pfslab pool clear pool-b\)/);
    assert.match(status.stdout, /pool-a\n\s+lease:\s+free\n\s+health: healthy at /);

    // Fixed by a person, but still bad: with pool-a and pool-c busy, no run takes pool-b...
    await unlink(path.join(unhealthy, 'pool-b'));
    const pool = await loadPool(poolFile);
    const storeFor = () => Promise.resolve(store);
    const healthy = () => Promise.resolve({ healthy: true, detail: 'ok' });
    const a = await store.acquire({ lab: 'pool-a', purpose: 'busy' });
    const c = await store.acquire({ lab: 'pool-c', purpose: 'busy' });
    try {
      await assert.rejects(takeFromPool({ pool, storeFor, health: healthy, purpose: 't', log: () => undefined }), (e: unknown) => e instanceof PoolBusyError && /pool-b: BAD/.test(e.message) && /pool-a: held by/.test(e.message));
      const all = await runCli(['run', '--pool', poolFile, '--suite', 'hierarchy-formation.spec.ts', '--out', path.join(tmp, 'out')], { env });
      assert.equal(all.status, 4, all.stdout + all.stderr);
      assert.match(all.stdout, /no lab free and healthy:\n\s+pool-a: held by .* \(busy\)\n\s+pool-b: BAD .*\n\s+pool-c: held by/);
      // ...until it is cleared.
      const cleared = await runCli(['pool', 'clear', 'pool-b', '--pool', poolFile], { env });
      assert.match(cleared.stdout, /lab pool-b: cleared \(was BAD; last: test: marked unhealthy\)/);
      const taken = await takeFromPool({ pool, storeFor, health: healthy, purpose: 't', log: () => undefined });
      assert.equal(taken.lab.spec.name, 'pool-b');
      await taken.lease.release();
      assert.equal((await store.readHealth('pool-b'))?.failuresInARow, 0);
    } finally {
      await a.release();
      await c.release();
    }
  });
});
