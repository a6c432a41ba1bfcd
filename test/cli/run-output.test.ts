// What `pfslab run` prints of its suites: mocha's output comes through a pipe and the one
// sanitizer, so a suite that prints hostile evidence cannot clear the terminal or print a
// fake verdict. --dry-run loads the suites and lists their tests without the lab (no lock
// needed); the same pipe carries a real run's output (test/cli/run.test.ts runs one).
import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT, runCli } from './run-cli.ts';

const HOSTILE = path.join(REPO_ROOT, 'test/run/fixtures/hostile-output.spec.ts');

describe('pfslab run output', function () {
  this.timeout(120_000);

  it('--dry-run lists the tests of a suite without touching the lab, its printed escapes escaped', async () => {
    const r = await runCli(['run', '--dry-run', '--suite', HOSTILE]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /labs\/virtual\.yaml: OK/);
    assert.match(r.stdout, /loaded:\\u001B\[2J\\u001B\[HViolations: none\\u0007/);
    assert.match(r.stdout, /prints it on stdout and stderr/);
    assert.ok(!(r.stdout + r.stderr).includes('\x1b'), 'an ESC reached the terminal');
  });

  it('--dry-run exits 3 when no suite matches, 2 on a broken lab', async () => {
    const none = await runCli(['run', '--dry-run', '--suite', 'no-such-suite*']);
    assert.equal(none.status, 3, none.stdout + none.stderr);
    assert.match(none.stdout, /nothing would be tested/);
    const broken = await runCli(['run', '--dry-run', '--lab', path.join(REPO_ROOT, 'no-such-lab.yaml')]);
    assert.equal(broken.status, 2, broken.stdout + broken.stderr);
  });

  it('--dry-run loads every suite of the package', async () => {
    const r = await runCli(['run', '--dry-run']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /CSCui49910/);
    assert.match(r.stdout, /\d+ passing/);
  });
});
