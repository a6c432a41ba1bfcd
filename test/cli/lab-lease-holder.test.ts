// `pfslab lab lease` on a lease whose holder process is gone on this host (issue #15, item 3):
// it says so, and that the next run takes it over, instead of "held until ...".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PID_SPACE } from '../../harness/lab/lease-file.ts';
import type { LeaseInfo } from '../../harness/lab/lease-file.ts';
import { freePort } from '../support/etcd.ts';
import { REPO_ROOT, runCli } from './run-cli.ts';

describe('pfslab lab lease: a holder that is gone', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-gone-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const leaseOf = (pid: number, host = os.hostname()): LeaseInfo => {
    const now = new Date();
    return {
      lab: 'virtual',
      owner: `root@${host} pid ${pid}`,
      host,
      pid,
      pidSpace: PID_SPACE,
      purpose: 'pfslab run 2026-12-06T03-00-00-000Z',
      token: 'feedface',
      acquiredAt: now.toISOString(),
      renewedAt: now.toISOString(),
      ttlMs: 120_000,
      expiresAt: new Date(now.getTime() + 120_000).toISOString(),
    };
  };

  it('says the holder pid is gone and the next run takes it over (exit 0: free for the next run)', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid; // a pid that just ended
    await writeFile(path.join(dir, 'virtual.lease'), JSON.stringify(leaseOf(dead)));
    const r = await runCli(['lab', 'lease', '--lab', path.join(REPO_ROOT, 'labs', 'virtual.yaml')], { env: { PFSLAB_LEASE_DIR: dir, PFSLAB_LEASE_STORE: '' } });
    assert.match(r.stdout, new RegExp(`held by root@\\S+ pid ${dead} for pfslab run \\S+, since .*; holder pid ${dead} is gone: the next run takes it over`));
    assert.equal(r.status, 0);
  });

  it('does not say so of a live holder, nor of one on another host whose pids it cannot see', async () => {
    for (const [info, why] of [
      [leaseOf(process.pid), 'live here'],
      [leaseOf(999_999, 'other-runner'), 'on another host'],
    ] as const) {
      await writeFile(path.join(dir, 'virtual.lease'), JSON.stringify(info));
      const r = await runCli(['lab', 'lease', '--lab', path.join(REPO_ROOT, 'labs', 'virtual.yaml')], { env: { PFSLAB_LEASE_DIR: dir, PFSLAB_LEASE_STORE: '' } });
      assert.doesNotMatch(r.stdout, /is gone/, why);
      assert.equal(r.status, 4, `${why}: ${r.stdout}`);
    }
  });

  it('an etcd store nobody answers at is said plainly, exit 2, no stack', async () => {
    const port = await freePort();
    const r = await runCli(['lab', 'lease', '--lab', path.join(REPO_ROOT, 'labs', 'virtual.yaml')], { env: { PFSLAB_LEASE_STORE: `etcd://127.0.0.1:${port}` } });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`^pfslab lab lease: no etcd endpoint answered /v3/kv/range: http://127.0.0.1:${port}: ECONNREFUSED`));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
  });
});
