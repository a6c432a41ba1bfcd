// `pfslab run`: the nightly run (design.md, "the flow of one nightly run"). Validates the lab
// description, takes the lab's lease, brings a virtual lab up, runs the suites with mocha
// (whose root hooks bind the drivers, journal every change and restore the lab), writes the
// Allure report with history, JUnit XML and a one-page summary, brings the virtual lab down
// and releases the lease, on every way out (SIGINT included).
//
// Exit: 0 every test passed; 1 a test failed; 2 the lab description is broken; 3 nothing was
// tested (no suite matched, or every test skipped); 4 another run holds the lab.
import { terminalSafe } from '../../io/untrusted-text.ts';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './analyze.ts';
import { guardExit, loadLab, validateLabCommand } from '../../lab/index.ts';
import { acquireLease, breakLease, LeaseHeldError, releasingAfter } from '../../lab/lease.ts';
import { PFSLAB_ROOT } from '../../lab/repo-paths.ts';
import { runPaths as fixturePaths, runStamp, safeName } from '../fixture/run-paths.ts';
import type { VirtualLabHandle } from '../fixture/virtual-lab.ts';
import { ensureVirtualLab } from '../fixture/virtual-lab.ts';
import { generateReport, mochaReporterArgs, renderSummary, runPaths as resultPaths, summarizeResults } from '../report/index.ts';
import { labEnvironment } from './lab-environment.ts';
import { matchSuites } from './suite-glob.ts';
import { suiteMochaArgs } from './suite-mocha.ts';

export interface NightlyOptions {
  lab: string;
  suite?: string;
  grep?: string;
  out: string;
  /** Take the lab's lease even if another run holds it (an operator's decision). */
  force?: boolean;
  /** Wait this long for a lease held by another run. */
  waitLeaseMs?: number;
  /** The history the report's trend is drawn from; default reports/history/<lab name>.jsonl. */
  history?: string;
}

export const EXIT_NOTHING_RAN = 3;
export const EXIT_LAB_HELD = 4;

export async function runNightly(opts: NightlyOptions, io: Io): Promise<number> {
  const runId = runStamp();
  const outRoot = path.resolve(opts.out);
  const runDir = path.join(outRoot, runId);
  await mkdir(runDir, { recursive: true });
  const lines: string[] = [];
  const say = (t: string): void => {
    lines.push(t);
    io.out(`${t}\n`);
  };
  say(`pfslab run ${runId}: lab ${opts.lab}`);
  const finish = async (code: number): Promise<number> => {
    say(`exit ${code}`);
    await writeFile(path.join(runDir, 'summary.txt'), terminalSafe(lines.join('\n') + '\n'));
    await pointLatest(outRoot, runDir);
    return code;
  };

  const validation = await validateLabCommand(opts.lab);
  say(validation.output.trimEnd());
  if (validation.exitCode !== 0) return finish(2);
  const lab = await loadLab(opts.lab);

  const suites = await suiteFiles(opts.suite);
  if (suites.length === 0) {
    say(`suites: none matches ${opts.suite ?? 'suites/**/*.spec.ts'}: nothing was tested against the lab.`);
    return finish(EXIT_NOTHING_RAN);
  }
  say(`suites: ${suites.length} (${suites.map((s) => path.relative('suites', s)).join(', ')})`);

  // Two runs never drive one lab: the lease is taken before anything touches it.
  let mocha: ChildProcess | undefined;
  if (opts.force) {
    const broken = await breakLease(lab.spec.name);
    if (broken) say(`--force: broke the lease of ${broken.owner} (${broken.purpose})`);
  }
  let lease;
  try {
    lease = await acquireLease({
      lab: lab.spec.name,
      purpose: `pfslab run ${runId}`,
      waitMs: opts.waitLeaseMs ?? 0,
      onLost: (why) => {
        say(`the lease on lab ${lab.spec.name} was lost (${why}): stopping the suites`);
        mocha?.kill('SIGINT');
      },
    });
  } catch (e) {
    if (e instanceof LeaseHeldError) {
      say(e.message);
      return finish(EXIT_LAB_HELD);
    }
    throw e;
  }
  say(`lease: lab ${lab.spec.name} held by ${lease.info.owner} until released`);

  let virtualLab: VirtualLabHandle | undefined;
  const teardown = async (): Promise<void> => {
    if (mocha && mocha.exitCode === null && mocha.signalCode === null) {
      // mocha's own exit guard restores the lab; wait for it before the lab goes down.
      mocha.kill('SIGINT');
      await new Promise((r) => mocha?.once('close', r));
    }
    await virtualLab?.down();
  };
  const release = guardExit(releasingAfter(lease, teardown), (l) => say(l));

  let mochaCode = 1;
  let failure: Error | undefined;
  try {
    const paths = fixturePaths({ ...process.env, PFSLAB_LAB: path.resolve(opts.lab), PFSLAB_RUN_DIR: runDir });
    if (lab.spec.kind === 'virtual') virtualLab = await ensureVirtualLab(paths, say);
    const started = Date.now();
    mocha = spawnMocha(suites, opts, runDir);
    mochaCode = await new Promise<number>((resolve) => mocha?.once('close', (code) => resolve(code ?? 1)));
    say(`suites ran in ${Math.round((Date.now() - started) / 1000)} s (mocha exit ${mochaCode})`);
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  } finally {
    await release();
  }
  say(`lab restored, lease released`);
  if (failure) {
    // Nothing was tested (the virtual lab did not come up, mocha could not start): say why.
    say(`pfslab run: ${failure.message}`);
    return finish(1);
  }

  const results = resultPaths(runDir);
  const reportHtml = path.join(runDir, 'report', 'index.html');
  try {
    await generateReport({
      resultsDir: results.allureResults,
      outDir: path.dirname(reportHtml),
      historyFile: opts.history ?? path.join(PFSLAB_ROOT, 'reports', 'history', `${safeName(lab.spec.name)}.jsonl`),
      name: `pfslab ${lab.spec.name} ${runId}`,
      environment: labEnvironment(lab),
    });
  } catch (e) {
    say(`report: not written: ${(e as Error).message}`);
  }
  const summary = await summarizeResults(results.allureResults).catch((e: Error) => e);
  if (summary instanceof Error) {
    say(`pfslab run: mocha (exit ${mochaCode}) left no results to summarize: ${summary.message}`);
    return finish(1);
  }
  say(renderSummary(summary, { report: reportHtml }).trimEnd());
  say(`JUnit XML: ${results.junitXml}`);
  const c = summary.counts;
  // A hook that failed leaves no test result, only an error outside tests: never a pass.
  const clean = mochaCode === 0 && c.failed === 0 && c.broken === 0 && summary.errorsOutsideTests.length === 0;
  if (clean && summary.total - c.skipped === 0) return finish(EXIT_NOTHING_RAN);
  return finish(clean ? 0 : 1);
}

async function suiteFiles(glob: string | undefined): Promise<string[]> {
  const all = await readdir(path.join(PFSLAB_ROOT, 'suites'), { recursive: true }).catch(() => [] as string[]);
  return matchSuites(all.filter((f) => f.endsWith('.spec.ts')).map((f) => path.join('suites', f)), glob).sort();
}

function spawnMocha(files: string[], opts: NightlyOptions, runDir: string): ChildProcess {
  const args = suiteMochaArgs(files, [...mochaReporterArgs(runDir), ...(opts.grep ? ['--grep', opts.grep] : [])]);
  return spawn(process.execPath, args, {
    cwd: PFSLAB_ROOT,
    stdio: 'inherit',
    env: { ...process.env, PFSLAB_LAB: path.resolve(opts.lab), PFSLAB_RUN_DIR: runDir },
  });
}

/** reports/latest -> the newest run, as the README promises. */
async function pointLatest(outRoot: string, runDir: string): Promise<void> {
  const latest = path.join(path.dirname(outRoot), 'latest');
  await rm(latest, { force: true });
  await symlink(path.relative(path.dirname(latest), runDir), latest).catch(() => undefined);
}
