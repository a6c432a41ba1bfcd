// `pfslab run`, the README's first command, end to end on the fault matrix's small virtual
// lab (its own addresses, namespace prefix, state and lease directories): the lease, the lab
// brought up and down, the suites, the Allure report with history, JUnit XML, the summary,
// and the lab restored on Ctrl-C. The full nightly on the default lab is measured in bench/.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, readdir, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { acquireLease, readLease } from '../../harness/lab/lease.ts';
import { pendingEntries } from '../../harness/lab/index.ts';
import { CLI_PLAN, matrixEnv, matrixLabPerSuite, namespacesLeft } from '../matrix/matrix-lab.ts';
import { REPO_ROOT, runCli, startCli, tempDirPerSuite } from './run-cli.ts';

describe('pfslab run', function () {
  this.timeout(300_000);
  const tmp = tempDirPerSuite('pfslab-run-');
  const lab = matrixLabPerSuite(tmp, CLI_PLAN);
  const env = (): NodeJS.ProcessEnv => matrixEnv(tmp(), CLI_PLAN);

  it('stops with exit 2 on a broken lab and names the line', async () => {
    const lab = path.join(tmp(), 'broken.yaml');
    await writeFile(lab, 'name: broken\nkind: virtual\nphones:\n  - name: SEP12\n');
    const r = await runCli(['run', '--lab', lab, '--out', path.join(tmp(), 'out-broken')], { env: env() });
    assert.equal(r.status, 2);
    assert.match(r.stdout + r.stderr, /broken\.yaml:4:\d+ phones\[0\]/);
  });

  it('exits 3 and says so when no suite matches', async () => {
    const r = await runCli(['run', '--lab', lab(), '--suite', 'no-such-suite*', '--out', path.join(tmp(), 'out-none')], { env: env() });
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /nothing was tested against the lab/);
    assert.deepEqual(namespacesLeft(CLI_PLAN), []);
  });

  it('exits 4 without touching the lab while another run holds its lease', async () => {
    const lease = await acquireLease({ lab: 'fault-matrix', dir: env().PFSLAB_LEASE_DIR, purpose: 'a test holding the lab' });
    try {
      const r = await runCli(['run', '--lab', lab(), '--suite', 'bugs/CSCui49910.spec.ts', '--out', path.join(tmp(), 'out-held')], { env: env() });
      assert.equal(r.status, 4, r.stdout + r.stderr);
      assert.match(r.stdout, /a test holding the lab/);
      assert.deepEqual(namespacesLeft(CLI_PLAN), [], 'a run without the lease brought the lab up');
      assert.equal((await readLease('fault-matrix', env().PFSLAB_LEASE_DIR))?.token, lease.info.token, 'the holder lost its lease');
    } finally {
      await lease.release();
    }
  });

  it('runs a suite: lab up and down, report with history, JUnit XML, summary, lease released', async () => {
    const out = path.join(tmp(), 'out');
    const history = path.join(tmp(), 'history.jsonl');
    const args = ['run', '--lab', lab(), '--suite', 'bugs/CSCui49910.spec.ts', '--out', out, '--history', history];
    const first = await runCli(args, { env: env() });
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const second = await runCli(args, { env: env() });
    assert.equal(second.status, 0, second.stdout + second.stderr);

    assert.match(second.stdout, /tests: \d+ passed, 0 failed/);
    const runs = (await readdir(out)).sort();
    assert.equal(runs.length, 2);
    const runDir = path.join(out, runs[1] ?? '');
    assert.ok(existsSync(path.join(runDir, 'report', 'index.html')), 'no HTML report');
    const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(path.join(runDir, 'junit.xml'), 'utf8')) as { testsuite: Record<string, string> };
    assert.ok(Number(junit.testsuite['@_tests']) > 0, 'JUnit XML lists no test');
    assert.equal((await readFile(history, 'utf8')).trim().split('\n').length, 2, 'the history does not hold both runs');
    assert.match(await readFile(path.join(runDir, 'summary.txt'), 'utf8'), /lab restored, lease released/);
    assert.equal(await readlink(path.join(tmp(), 'latest')), path.relative(tmp(), runDir));
    assert.deepEqual(namespacesLeft(CLI_PLAN), [], 'the virtual lab was not brought down');
    assert.equal(await readLease('fault-matrix', env().PFSLAB_LEASE_DIR), undefined, 'the lease was not released');
  });

  it("shows what a suite prints escaped, on stdout and stderr, and keeps mocha's exit status", async () => {
    const hostile = path.join(REPO_ROOT, 'test/run/fixtures/hostile-output.spec.ts');
    const r = await runCli(['run', '--lab', lab(), '--suite', hostile, '--out', path.join(tmp(), 'out-hostile'), '--history', path.join(tmp(), 'h3.jsonl')], { env: env() });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /stdout:\\u001B\[2J\\u001B\[HViolations: none\\u000D\\u009B31m/);
    assert.match(r.stderr, /stderr:\\u001B\]0;owned\\u0007\\u001B\[2J/);
    assert.match(r.stdout, /mocha exit 0/);
    assert.deepEqual(['\x1b', '\x07', '\r', '\x9b'].filter((c) => (r.stdout + r.stderr).includes(c)), [], 'a control character reached the terminal');
    assert.deepEqual(namespacesLeft(CLI_PLAN), []);
  });

  it('an upgrade run keeps pcaps and logs as evidence and attaches them, with no lab secret anywhere', async () => {
    const out = path.join(tmp(), 'out-upgrade');
    const r = await runCli(['run', '--lab', lab(), '--suite', 'hierarchy-formation.spec.ts', '--out', out, '--history', path.join(tmp(), 'h2.jsonl')], { env: env() });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const runDir = path.join(out, (await readdir(out))[0] ?? '');
    const files = (await readdir(runDir, { recursive: true })).map((f) => path.join(runDir, f));
    // One file per capture point in the scenario's folder, named so that Wireshark opens it,
    // also where tcpdump wrote a ring (branch-a-lan); nothing left under tcpdump's ring names.
    const scenario = path.join(runDir, 'evidence', 'pfs-upgrade');
    assert.deepEqual((await readdir(scenario)).filter((f) => f.includes('.pcap')).sort(), ['branch-a-lan.pcap', 'branch-b-lan.pcap', 'hq-lan.pcap']);
    assert.deepEqual(files.filter((f) => /\.pcap\d+$/.test(f)), [], 'files under tcpdump\'s ring names');
    assert.ok(files.some((f) => f.includes('allure-results') && f.endsWith('-attachment.pcap')), 'no capture attached to the report');
    // The matrix lab's virtual: secrets (SNMP communities and the phones' SSH password cross the lab in clear).
    const secrets = ['pfslab-cucm-admin', 'pfslab-rw', 'pfslab-ro', 'pfslab-phone-ssh', 'pfslab-phone-console'];
    const leaks: string[] = [];
    for (const f of files) {
      const bytes = await readFile(f).catch(() => undefined);
      if (bytes === undefined) continue;
      for (const s of secrets) if (bytes.includes(s)) leaks.push(`${path.relative(runDir, f)}: ${s}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('on Ctrl-C restores the lab, brings it down, releases the lease, and exits 130', async () => {
    const e = { ...process.env, ...env() };
    const { child, output, upgrading, closed } = startCli(['run', '--lab', lab(), '--suite', 'hierarchy-formation.spec.ts', '--out', path.join(tmp(), 'out-int')], { env: e, detached: true });
    await upgrading;
    // A terminal's Ctrl-C: SIGINT to the whole process group (pfslab run and its mocha).
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const code = await closed;
    assert.equal(code, 130, output().slice(-3000));
    assert.match(output(), /SIGINT received: restoring the lab/);
    assert.deepEqual(await pendingEntries(path.join(e.PFSLAB_STATE_DIR ?? '', 'journals', 'fault-matrix.jsonl')), [], 'changes left in the journal');
    assert.deepEqual(namespacesLeft(CLI_PLAN), [], 'the virtual lab was not brought down');
    assert.equal(await readLease('fault-matrix', e.PFSLAB_LEASE_DIR), undefined, 'the lease was not released');
  });

  it('on SIGTERM to pfslab alone passes it on to mocha, whose journal is undone, and exits 143', async () => {
    const e = { ...process.env, ...env() };
    const { child, output, upgrading, closed } = startCli(['run', '--lab', lab(), '--suite', 'hierarchy-formation.spec.ts', '--out', path.join(tmp(), 'out-term')], { env: e, detached: true });
    await upgrading;
    // CI cancelling the job: SIGTERM to pfslab only; mocha (its output a pipe) hears of it from pfslab.
    child.kill('SIGTERM');
    const code = await closed;
    assert.equal(code, 143, output().slice(-3000));
    assert.match(output(), /SIGTERM received: restoring the lab/);
    assert.deepEqual(await pendingEntries(path.join(e.PFSLAB_STATE_DIR ?? '', 'journals', 'fault-matrix.jsonl')), [], 'changes left in the journal');
    assert.deepEqual(namespacesLeft(CLI_PLAN), [], 'the virtual lab was not brought down');
    assert.equal(await readLease('fault-matrix', e.PFSLAB_LEASE_DIR), undefined, 'the lease was not released');
  });
});
