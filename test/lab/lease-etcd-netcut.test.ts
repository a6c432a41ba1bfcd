// A network cut between a run and etcd: the run sits in a network namespace whose only link
// to etcd is a veth pair, and the test takes that link down mid-run. The run must stop
// changing the lab before etcd can give the lab to anyone else, restore, and report a lab
// or infrastructure problem; the test, which still reaches etcd over loopback, then takes
// the lab, and every change of the cut-off run must come BEFORE that (order, not time).
// Needs root (namespaces); run it under the lab lock like every namespace test:
//   flock /work/lab.lock npx mocha --no-config --no-package --node-option import=tsx test/lab/lease-etcd-netcut.test.ts
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EtcdLeaseStore } from '../../harness/lab/lease-store/index.ts';
import { EtcdCluster } from '../support/etcd.ts';
import { fencedRun } from './support/children.ts';
import type { LineChild } from './support/children.ts';
import { assertRestored, waitFor } from './support/lease-checks.ts';

const NS = 'pfslab-t18cut';
const HOST_IF = 't18cut-h';
const NS_IF = 't18cut-n';
const HOST_IP = '10.218.218.1';
const NS_IP = '10.218.218.2';

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function removeNamespace(): void {
  for (const args of [['netns', 'del', NS], ['link', 'del', HOST_IF]]) {
    try {
      ip(...args); // the namespace takes the veth pair with it
    } catch {
      // not there
    }
  }
}

describe('lab lease on etcd: a network cut between the run and etcd', function () {
  this.timeout(120_000);
  let etcd: EtcdCluster | undefined;
  let tmp: string;
  let run: LineChild | undefined;

  before(() => {
    assert.equal(process.getuid?.(), 0, 'this test builds a network namespace: run it as root (CI does)');
  });
  beforeEach(async () => {
    removeNamespace();
    ip('netns', 'add', NS);
    ip('link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF);
    ip('link', 'set', NS_IF, 'netns', NS);
    ip('addr', 'add', `${HOST_IP}/30`, 'dev', HOST_IF);
    ip('link', 'set', HOST_IF, 'up');
    ip('-n', NS, 'addr', 'add', `${NS_IP}/30`, 'dev', NS_IF);
    ip('-n', NS, 'link', 'set', NS_IF, 'up');
    ip('-n', NS, 'link', 'set', 'lo', 'up');
    etcd = await EtcdCluster.start({ host: HOST_IP, alsoLoopback: true });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'pfslab-netcut-'));
  });
  afterEach(async () => {
    await run?.kill();
    await etcd?.stop();
    removeNamespace();
    await rm(tmp, { recursive: true, force: true });
  });

  it('the cut-off run stops changing the lab before another run can take it, restores, and reports infrastructure', async () => {
    const events = path.join(tmp, 'events');
    run = fencedRun({ endpoints: etcd?.endpoints ?? [], lab: 'cut', ttlMs: 4000, events, journal: path.join(tmp, 'j.jsonl'), steps: 100_000, stepMs: 50 }, ['ip', 'netns', 'exec', NS]);
    await run.until(/^leased /);
    await waitFor(async () => (await readFile(events, 'utf8').catch(() => '')).includes('change k3 '));
    ip('link', 'set', HOST_IF, 'down');

    // Another run on the right side of the cut waits for the lab; etcd frees it after the TTL.
    const other = new EtcdLeaseStore({ endpoints: etcd?.loopbackEndpoints ?? [] });
    const taken = await other.acquire({ lab: 'cut', takeOverExpired: false, waitMs: 60_000, purpose: 'the run after the cut' });
    await appendFile(events, 'taken by the other run\n');

    const outcome = await run.until(/^outcome /);
    assert.match(outcome, /^outcome Lab or infrastructure problem: .*(cannot confirm the lease|no renewal confirmed by etcd)/);
    assert.equal(await run.exited, 5);
    const lines = (await readFile(events, 'utf8')).trim().split('\n');
    const takenAt = lines.indexOf('taken by the other run');
    const lastChange = lines.map((l) => l.startsWith('change ')).lastIndexOf(true);
    assert.ok(lastChange < takenAt, `the cut-off run changed the lab after another run took it:\n${lines.slice(-8).join('\n')}`);
    assertRestored(lines.filter((l) => !l.startsWith('taken ')).join('\n'), run.lines);
    await taken.release();
  });
});
