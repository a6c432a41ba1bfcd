// A run after a crash is as right as any other (issue 15). `pfslab run` killed with SIGKILL
// while its phones upgrade leaves the virtual lab up, its journal full and the phones still
// busy; the next run replays the journal, and the lab health check waits for the phones to
// settle before any suite. That run must pass, or stop as a lab or infrastructure problem:
// never report a product defect. The same when the next run is itself killed during the
// journal replay. On the fault matrix's small lab (own prefix, state and lease directories).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pendingEntries } from '../../harness/lab/index.ts';
import { CLI_PLAN, matrixEnv, matrixLabPerSuite, namespacesLeft } from '../matrix/matrix-lab.ts';
import { REPO_ROOT, runCli, tempDirPerSuite } from './run-cli.ts';

/** Starts `pfslab run` in its own process group and SIGKILLs the whole group (pfslab and its mocha) once `when` shows in its output. */
async function killRunWhen(args: string[], env: NodeJS.ProcessEnv, when: RegExp): Promise<string> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/pfslab.js'), 'run', ...args], { cwd: REPO_ROOT, env, detached: true });
  let output = '';
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const seen = new Promise<boolean>((resolve) => {
    const look = (d: Buffer): void => {
      output += d.toString();
      if (when.test(output)) resolve(true);
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void closed.then(() => resolve(false));
  });
  const hit = await seen;
  if (hit) process.kill(-(child.pid ?? 0), 'SIGKILL');
  await closed;
  assert.ok(hit, `the run ended before ${String(when)} showed:\n${output.slice(-3000)}`);
  return output;
}

describe('pfslab run after a run killed with SIGKILL', function () {
  this.timeout(1_200_000);
  // The killed runs left the lab up (its controller is detached): down it goes, before the
  // temporary directory with its state file is removed (after hooks run in this order).
  after(async () => {
    const down = await runCli(['lab', 'down', '--state', path.join(env().PFSLAB_STATE_DIR ?? '', 'lab-state.json')], { env: env() });
    assert.equal(down.status, 0, down.stdout + down.stderr);
    assert.deepEqual(namespacesLeft(CLI_PLAN), [], 'pfslab lab down left namespaces behind');
  });
  const tmp = tempDirPerSuite('pfslab-crash-');
  const lab = matrixLabPerSuite(tmp, CLI_PLAN);
  const env = (): NodeJS.ProcessEnv => ({ ...process.env, ...matrixEnv(tmp(), CLI_PLAN) });
  const journal = (): string => path.join(env().PFSLAB_STATE_DIR ?? '', 'journals', 'fault-matrix.jsonl');

  /** The next run on the same lab: it passed, or stopped as a lab problem; no product defect either way. */
  async function nextRunIsRight(out: string): Promise<void> {
    const r = await runCli(['run', '--lab', lab(), '--suite', 'precedence.spec.ts', '--out', path.join(tmp(), out)], { env: env() });
    const summary = await readFile(path.join(tmp(), out, '..', 'latest', 'summary.txt'), 'utf8').catch(() => r.stdout);
    assert.doesNotMatch(summary, /Product defect/, `the lab's state was reported as a product defect:\n${summary.slice(-4000)}`);
    assert.ok(r.status === 0 || (r.status === 1 && /Lab or infrastructure problem/.test(summary)), `exit ${r.status}:\n${summary.slice(-4000)}`);
    // Either way it checked the lab's health first.
    assert.match(r.stdout + r.stderr, /lab health check/);
  }

  it('killed mid-upgrade: the next run waits for a quiet lab, then passes or stops as infrastructure', async () => {
    await killRunWhen(['--lab', lab(), '--suite', 'hierarchy-formation.spec.ts', '--out', path.join(tmp(), 'killed')], env(), /phones on the target load/);
    assert.notDeepEqual(await pendingEntries(journal()), [], 'the killed run left no journal: nothing was tested');
    await nextRunIsRight('after-kill');
  });

  it('killed again during the journal replay: the run after that is right too', async () => {
    await killRunWhen(['--lab', lab(), '--suite', 'hierarchy-formation.spec.ts', '--out', path.join(tmp(), 'killed-2')], env(), /phones on the target load/);
    assert.notDeepEqual(await pendingEntries(journal()), [], 'the killed run left no journal');
    // The replay logs each step it undoes: kill as soon as the first shows.
    await killRunWhen(['--lab', lab(), '--suite', 'precedence.spec.ts', '--out', path.join(tmp(), 'killed-in-replay')], env(), /undo: /);
    await nextRunIsRight('after-replay-kill');
  });
});
