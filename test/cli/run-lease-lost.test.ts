// `pfslab run` whose lease is broken mid-upgrade (the lease in a real etcd started here): the
// suites' next change is refused, the lab is restored and brought down, and the run reports
// a lab or infrastructure problem (exit 5), never a pass. Brings the fault matrix's small
// virtual lab up: run it under the lab lock like test/cli/run.test.ts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pendingEntries } from '../../harness/lab/index.ts';
import { EtcdLeaseStore } from '../../harness/lab/lease-store/index.ts';
import { CLI_PLAN, matrixEnv, matrixLabPerSuite, namespacesLeft } from '../matrix/matrix-lab.ts';
import { EtcdCluster } from '../support/etcd.ts';
import { startCli, tempDirPerSuite } from './run-cli.ts';

describe('pfslab run: the lease lost mid-run', function () {
  this.timeout(300_000);
  const tmp = tempDirPerSuite('pfslab-run-lost-');
  const lab = matrixLabPerSuite(tmp, CLI_PLAN);
  let etcd: EtcdCluster | undefined;
  after(async () => {
    await etcd?.stop();
  });

  it('stops changing the lab, restores it, and reports a lab or infrastructure problem (exit 5)', async () => {
    etcd = await EtcdCluster.start();
    const store = new EtcdLeaseStore({ endpoints: etcd.endpoints });
    const e: NodeJS.ProcessEnv = { ...process.env, ...matrixEnv(tmp(), CLI_PLAN), PFSLAB_LEASE_STORE: `etcd://${(etcd.endpoints[0] ?? '').replace('http://', '')}` };
    const { output, upgrading, closed } = startCli(['run', '--lab', lab(), '--suite', 'hierarchy-formation.spec.ts', '--out', path.join(tmp(), 'out')], { env: e });
    await Promise.race([upgrading, closed]);
    const broken = await store.break('fault-matrix'); // a person breaks it
    assert.match(broken?.purpose ?? '', /^pfslab run /, output().slice(-2000));
    const code = await closed;
    assert.equal(code, 5, output().slice(-3000));
    assert.match(output(), /the lease on lab fault-matrix was lost \(.*\): stopping the suites/);
    assert.match(output(), /Lab or infrastructure problem: the lease was lost mid-run/);
    assert.doesNotMatch(output(), /^exit 0$/m);
    assert.deepEqual(await pendingEntries(path.join(e.PFSLAB_STATE_DIR ?? '', 'journals', 'fault-matrix.jsonl')), [], 'changes left in the journal');
    const ns = namespacesLeft(CLI_PLAN);
    assert.deepEqual(ns, [], 'the virtual lab was not brought down');
  });
});
