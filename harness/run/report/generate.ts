// Turns one run's allure-results into an HTML report with Allure 3 (npm `allure`), run as
// its own process from the installed package: no network, no global install. The history
// file (JSONL, one line per run) is what gives the report its trend across runs; Allure
// reads it and appends this run to it.
import { spawn } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { moduleFile } from '../../lab/child-node.ts';
import { PFSLAB_ROOT } from '../../lab/repo-paths.ts';
import { redact } from '../../lab/index.ts';
import { writeEnvironment } from './environment.ts';
import { stripAnalyticsFile } from './offline-html.ts';

// Allure loads its config itself (through jiti): the compiled one when pfslab runs compiled.
export const ALLURE_CONFIG = moduleFile('reports/allurerc.ts');
export const DEFAULT_HISTORY_FILE = path.join(PFSLAB_ROOT, 'reports', 'history.jsonl');
// Found where node resolves the package (an installed pfslab may have it hoisted elsewhere);
// its exports name only dist/index.js, and cli.js sits one level above.
const ALLURE_CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('allure')), '..', 'cli.js');

export interface GenerateOptions {
  /** The run's allure-results directory (resultPaths(runDir).allureResults). */
  resultsDir: string;
  /** A new or empty directory for the HTML report. */
  outDir: string;
  /** JSONL history shared by all runs of one lab; DEFAULT_HISTORY_FILE unless a lab keeps its own. */
  historyFile: string;
  /** The report's title, e.g. "pfslab nightly virtual 2026-11-24". */
  name: string;
  /** Shown in the report's Environment widget and as report variables. Values are redacted. */
  environment: Record<string, string>;
}

export async function generateReport(opts: GenerateOptions): Promise<{ indexHtml: string }> {
  const resultsDir = path.resolve(opts.resultsDir);
  const outDir = path.resolve(opts.outDir);
  const historyFile = path.resolve(opts.historyFile);
  await access(resultsDir).catch(() => {
    throw new Error(`no Allure results at ${resultsDir}: did mocha run with mochaReporterArgs()?`);
  });
  await writeEnvironment(resultsDir, opts.environment);
  await mkdir(path.dirname(historyFile), { recursive: true });
  const variables = Object.fromEntries(Object.entries(opts.environment).map(([k, v]) => [k, redact(v)]));

  const args = [ALLURE_CLI, 'generate', '--config', ALLURE_CONFIG, '--output', outDir, '--name', opts.name, resultsDir];
  const env = { ...process.env, PFSLAB_REPORT_HISTORY: historyFile, PFSLAB_REPORT_VARIABLES: JSON.stringify(variables) };
  const { code, output } = await run(process.execPath, args, env);
  const indexHtml = path.join(outDir, 'index.html');
  const written = await access(indexHtml).then(() => true, () => false);
  if (code !== 0 || !written) {
    throw new Error(`allure generate ${code !== 0 ? `exited ${code}` : `wrote no ${indexHtml}`}:\n${redact(output).trimEnd()}`);
  }
  await stripAnalyticsFile(indexHtml);
  return { indexHtml };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Allure's progress lines are kept for the error message, not echoed: the nightly prints its own summary.
    const child = spawn(command, args, { cwd: PFSLAB_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
