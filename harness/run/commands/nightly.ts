// `pfslab run`: the nightly run (design.md, "the flow of one nightly run"). Validates the lab
// description, takes the lab's lease, brings a virtual lab up, runs the suites with mocha
// (whose root hooks bind the drivers, journal every change and restore the lab), writes the
// Allure report with history, JUnit XML and a one-page summary, brings the virtual lab down
// and releases the lease, on every way out (SIGINT included).
//
// Exit: 0 every test passed; 1 a test failed; 2 the lab description is broken; 3 nothing was
// tested (no suite matched, or every test skipped); 4 another run holds the lab (with --pool:
// no lab of the pool is free and healthy); 5 the lease was lost mid-run (lab or infrastructure
// problem: the suites were stopped and the lab restored).
//
// With --pool FILE the lab is the first of the pool that is free, not bad and healthy
// (harness/run/pool/). The mocha child gets the lease's fence (PFSLAB_LEASE_FENCE): its
// journal checks the lease before every change it makes to the lab.
import { terminalSafe } from '../../io/untrusted-text.ts';
import { pipeSanitized } from './child-output.ts';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './analyze.ts';
import { guardExit, loadLab, validateLabCommand } from '../../lab/index.ts';
import type { LoadedLab } from '../../lab/index.ts';
import { LeaseHeldError, releasingAfter } from '../../lab/lease.ts';
import type { Lease } from '../../lab/lease.ts';
import { leaseStoreFor, leaseTtlMs } from '../../lab/lease-store/index.ts';
import { checkLabHealth } from '../pool/health-gate.ts';
import { loadPool } from '../pool/pool-file.ts';
import type { Pool } from '../pool/pool-file.ts';
import { PoolBusyError, takeFromPool } from '../pool/take.ts';
import { moduleFile } from '../../lab/child-node.ts';
import { CODE_ROOT, PFSLAB_ROOT, RUNNING_COMPILED } from '../../lab/repo-paths.ts';
import { runPaths, runStamp, safeName } from '../fixture/run-paths.ts';
import type { VirtualLabHandle } from '../fixture/virtual-lab.ts';
import { ensureVirtualLab } from '../fixture/virtual-lab.ts';
import { LAB_PROBLEM } from '../report/categories.ts';
import { generateReport, mochaReporterArgs, renderSummary, resultPaths, summarizeResults } from '../report/index.ts';
import { labEnvironment } from './lab-environment.ts';
import { matchSuites } from './suite-glob.ts';
import { suiteMochaArgs } from './suite-mocha.ts';

export interface NightlyOptions {
  lab: string;
  /** A pool file: run on its first free, healthy lab instead of `lab`. */
  pool?: string;
  suite?: string;
  grep?: string;
  out: string;
  /** Take the lab's lease even if another run holds it (an operator's decision). */
  force?: boolean;
  /** Wait this long for a lease held by another run. */
  waitLeaseMs?: number;
  /** The history the report's trend is drawn from; default reports/history/<lab name>.jsonl. */
  history?: string;
  /** List the tests the suites hold (mocha --dry-run) without leasing or touching the lab. */
  dryRun?: boolean;
}

export const EXIT_NOTHING_RAN = 3;
export const EXIT_LAB_HELD = 4;
export const EXIT_LEASE_LOST = 5;

export async function runNightly(opts: NightlyOptions, io: Io): Promise<number> {
  if (opts.dryRun) return dryRun(opts, io);
  const runId = runStamp();
  const outRoot = path.resolve(opts.out);
  const runDir = path.join(outRoot, runId);
  await mkdir(runDir, { recursive: true });
  const lines: string[] = [];
  const say = (t: string): void => {
    lines.push(t);
    io.out(`${t}\n`);
  };
  say(`pfslab run ${runId}: ${opts.pool ? `pool ${opts.pool}` : `lab ${opts.lab}`}`);
  const finish = async (code: number): Promise<number> => {
    say(`exit ${code}`);
    await writeFile(path.join(runDir, 'summary.txt'), terminalSafe(lines.join('\n') + '\n'));
    await pointLatest(outRoot, runDir);
    return code;
  };

  let lab: LoadedLab;
  let pool: Pool | undefined;
  if (opts.pool) {
    const loaded = await loadPool(opts.pool).catch((e: Error) => e);
    if (loaded instanceof Error) {
      say(loaded.message); // a broken lab file of the pool: file:line:col issues
      return finish(2);
    }
    pool = loaded;
    lab = loaded.labs[0] as LoadedLab; // until the lab taken below
  } else {
    const validation = await validateLabCommand(opts.lab);
    say(validation.output.trimEnd());
    if (validation.exitCode !== 0) return finish(2);
    lab = await loadLab(opts.lab);
  }

  const suites = await suiteFiles(opts.suite);
  if (suites.length === 0) {
    say(`suites: none matches ${opts.suite ?? 'suites/**/*.spec.ts'}: nothing was tested against the lab.`);
    return finish(EXIT_NOTHING_RAN);
  }
  say(`suites: ${suites.length} (${suites.map((s) => path.relative('suites', s)).join(', ')})`);

  // Two runs never drive one lab: the lease is taken before anything touches it.
  let mocha: ChildProcess | undefined;
  let leaseLost: string | undefined;
  const onLost = (why: string): void => {
    leaseLost = why;
    say(`the lease on lab ${lab.spec.name} was lost (${why}): stopping the suites, restoring what can be restored`);
    mocha?.kill('SIGINT');
  };
  let lease: Lease;
  try {
    if (pool) {
      const taken = await takeFromPool({ pool, storeFor: (l) => leaseStoreFor(l), health: checkLabHealth, purpose: `pfslab run ${runId}`, waitMs: opts.waitLeaseMs ?? 0, onLost: (_l, why) => onLost(why), log: say });
      ({ lab, lease } = taken);
    } else {
      const store = await leaseStoreFor(lab);
      if (opts.force) {
        const broken = await store.break(lab.spec.name);
        if (broken) say(`--force: broke the lease of ${broken.owner} (${broken.purpose})`);
      }
      lease = await store.acquire({ lab: lab.spec.name, purpose: `pfslab run ${runId}`, waitMs: opts.waitLeaseMs ?? 0, ttlMs: leaseTtlMs(lab), onLost });
    }
  } catch (e) {
    if (e instanceof LeaseHeldError || e instanceof PoolBusyError) {
      say(e.message);
      return finish(EXIT_LAB_HELD);
    }
    throw e;
  }
  const labFile = path.resolve(lab.file);
  say(`lease: lab ${lab.spec.name} (${labFile}) held by ${lease.info.owner} until released (fence ${lease.fence})`);

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
    const paths = runPaths({ ...process.env, PFSLAB_LAB: labFile, PFSLAB_RUN_DIR: runDir });
    if (lab.spec.kind === 'virtual') virtualLab = await ensureVirtualLab(paths, say);
    const started = Date.now();
    if (leaseLost === undefined) mocha = spawnMocha(suites, [...mochaReporterArgs(runDir), ...(opts.grep ? ['--grep', opts.grep] : [])], { PFSLAB_LAB: labFile, PFSLAB_LEASE_FENCE: lease.fence, PFSLAB_RUN_DIR: runDir });
    mochaCode = mocha ? await mochaExit(mocha, io) : 1;
    say(`suites ran in ${Math.round((Date.now() - started) / 1000)} s (mocha exit ${mochaCode})`);
    // Was the lab ours all along? A lease broken since the last renewal says so now, not in TTL/3.
    await lease.renew().catch(() => undefined);
    if (lease.lost && leaseLost === undefined) onLost(lease.lostWhy ?? 'lost');
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  } finally {
    await release();
  }
  say(`lab restored, lease released`);
  if (leaseLost !== undefined) say(`${LAB_PROBLEM}: the lease was lost mid-run (${leaseLost}); nothing the suites reported after that counts`);
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
    return finish(leaseLost !== undefined ? EXIT_LEASE_LOST : 1);
  }
  say(renderSummary(summary, { report: reportHtml }).trimEnd());
  say(await planLine(lab, runDir));
  say(`JUnit XML: ${results.junitXml}`);
  if (leaseLost !== undefined) return finish(EXIT_LEASE_LOST);
  const c = summary.counts;
  // A hook that failed leaves no test result, only an error outside tests: never a pass.
  const clean = mochaCode === 0 && c.failed === 0 && c.broken === 0 && summary.errorsOutsideTests.length === 0;
  if (clean && summary.total - c.skipped === 0) return finish(EXIT_NOTHING_RAN);
  return finish(clean ? 0 : 1);
}

/**
 * The suites the glob names, as users name them (suites/x.spec.ts), found where the running
 * code is: the compiled build/suites/x.spec.js stand for their sources. A --suite that names
 * an existing spec file (x.spec.ts from source, x.spec.js from an installed package) is a
 * suite of the user's own, run as it is.
 */
async function suiteFiles(glob: string | undefined): Promise<string[]> {
  if (glob !== undefined && /\.spec\.[cm]?[jt]s$/.test(glob) && (await stat(glob).catch(() => undefined))?.isFile()) return [path.resolve(glob)];
  const ext = RUNNING_COMPILED ? '.spec.js' : '.spec.ts';
  const all = await readdir(path.join(CODE_ROOT, 'suites'), { recursive: true }).catch(() => [] as string[]);
  const names = all.filter((f) => f.endsWith(ext)).map((f) => path.join('suites', `${f.slice(0, -'.js'.length)}.ts`));
  return matchSuites(names, glob).sort();
}

/**
 * `pfslab run --dry-run`: the lab file checked, the suites chosen and loaded by mocha, their
 * tests listed; no lease, no lab brought up, nothing changed, no report. Exit 0 when some test
 * would run, 3 when none, 2 on a broken lab, 1 when a suite does not load.
 */
async function dryRun(opts: NightlyOptions, io: Io): Promise<number> {
  if (!opts.pool) {
    const validation = await validateLabCommand(opts.lab);
    io.out(terminalSafe(validation.output.endsWith('\n') ? validation.output : `${validation.output}\n`));
    if (validation.exitCode !== 0) return 2;
  }
  const suites = await suiteFiles(opts.suite);
  if (suites.length === 0) {
    io.out(`suites: none matches ${terminalSafe(opts.suite ?? 'suites/**/*.spec.ts')}: nothing would be tested.\n`);
    return EXIT_NOTHING_RAN;
  }
  const mocha = spawnMocha(suites, ['--dry-run', '--reporter', 'spec', ...(opts.grep ? ['--grep', opts.grep] : [])], opts.pool ? {} : { PFSLAB_LAB: path.resolve(opts.lab) });
  let forwarded: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals): void => {
    forwarded = signal;
    mocha.kill(signal);
  };
  process.on('SIGINT', forward).on('SIGTERM', forward);
  try {
    const code = await mochaExit(mocha, io);
    if (forwarded) return forwarded === 'SIGINT' ? 130 : 143;
    return code;
  } finally {
    process.off('SIGINT', forward).off('SIGTERM', forward);
  }
}

/**
 * Mocha on the chosen suites, as a child whose stdout and stderr are pipes (child-output.ts:
 * text a suite prints from evidence reaches the terminal escaped) and whose colours are off.
 * Ctrl-C reaches it with the terminal's process group; `pfslab run`'s teardown sends it SIGINT
 * on SIGTERM and SIGHUP too, so that its own exit guard undoes its journal.
 */
function spawnMocha(suites: string[], extra: string[], env: Record<string, string>): ChildProcess {
  // Relative to the package root (mocha's cwd), as test names and the report's history know them.
  const files = suites.map((s) => path.relative(PFSLAB_ROOT, path.isAbsolute(s) ? s : moduleFile(s)));
  const args = suiteMochaArgs(files, ['--no-color', ...extra]);
  return spawn(process.execPath, args, {
    cwd: PFSLAB_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
  });
}

/** Mocha's exit status, once its output has been written out sanitized to the end. */
async function mochaExit(mocha: ChildProcess, io: Io): Promise<number> {
  const closed = new Promise<number>((resolve, reject) => {
    mocha.once('error', reject);
    mocha.once('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)));
  });
  const out = mocha.stdout ? pipeSanitized(mocha.stdout, (t) => io.out(t)) : Promise.resolve();
  const err = mocha.stderr ? pipeSanitized(mocha.stderr, (t) => io.err(t)) : Promise.resolve();
  const [code] = await Promise.all([closed, out, err]);
  return code;
}

/** reports/latest -> the newest run, as the README promises. */
async function pointLatest(outRoot: string, runDir: string): Promise<void> {
  const latest = path.join(path.dirname(outRoot), 'latest');
  await rm(latest, { force: true });
  await symlink(path.relative(path.dirname(latest), runDir), latest).catch(() => undefined);
}

/**
 * The model's word on this lab (harness/plan): the break-even over its WAN, and, when the
 * traditional-vs-PFS suite ran, its measured times against the predicted ones.
 */
async function planLine(lab: LoadedLab, runDir: string): Promise<string> {
  const { PLAN_EVIDENCE_FILE, planLab, planSummaryLine } = await import('../../plan/lab-plan.ts');
  const plan = planLab(lab);
  if ('none' in plan) return `plan: no prediction (${plan.none})`;
  const record = await readFile(path.join(runDir, 'evidence', PLAN_EVIDENCE_FILE), 'utf8').then(
    (t) => (JSON.parse(t) as { measured?: { traditionalSeconds: number; pfsSeconds: number } }).measured,
    () => undefined,
  );
  return planSummaryLine(plan, record);
}
