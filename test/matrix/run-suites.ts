// Runs suites against a lab in a child mocha, the way `pfslab run` does (root hooks, lab
// brought up and down by the fixture), with its own namespace prefix and state directory so
// it never meets another virtual lab, and reads mocha's JSON report back.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { suiteMochaArgs } from '../../harness/run/commands/suite-mocha.ts';
import type { MatrixPlan } from './matrix-lab.ts';
import { MATRIX_PLAN, matrixEnv } from './matrix-lab.ts';

export interface TestResult {
  /** The suite file, relative to the checkout. */
  file: string;
  title: string;
  message: string;
  name: string;
}

export interface SuiteRunResult {
  passes: TestResult[];
  failures: TestResult[];
  pending: TestResult[];
  exitCode: number;
  output: string;
}

export async function runSuites(labFile: string, suites: readonly string[], workDir: string, plan: MatrixPlan = MATRIX_PLAN): Promise<SuiteRunResult> {
  await mkdir(workDir, { recursive: true });
  const json = path.join(workDir, 'mocha.json');
  const args = suiteMochaArgs(suites, ['--reporter', 'json', '--reporter-option', `output=${json}`]);
  const env = { ...process.env, ...matrixEnv(workDir, plan), PFSLAB_LAB: labFile, PFSLAB_RUN_DIR: path.join(workDir, 'run') };
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: PFSLAB_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (c) => resolve({ code: c ?? 1, output }));
  });
  const report = JSON.parse(await readFile(json, 'utf8').catch(() => '{}')) as MochaJson;
  if (!report.stats) throw new Error(`mocha wrote no JSON report (exit ${code}):\n${output.slice(-3000)}`);
  const tests = (list: MochaTest[] | undefined): TestResult[] =>
    (list ?? []).map((t) => ({ file: path.relative(PFSLAB_ROOT, t.file ?? ''), title: t.fullTitle, message: t.err?.message ?? '', name: t.err?.name ?? '' }));
  return { passes: tests(report.passes), pending: tests(report.pending), failures: tests(report.failures), exitCode: code, output };
}

interface MochaTest {
  fullTitle: string;
  file?: string;
  err?: { message?: string; name?: string };
}

interface MochaJson {
  stats?: { passes: number; failures: number; pending: number };
  passes?: MochaTest[];
  failures?: MochaTest[];
  pending?: MochaTest[];
}
