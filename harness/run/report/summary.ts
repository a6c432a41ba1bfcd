// The nightly's one-page terminal summary, read straight from allure-results so it says the
// same as the report: counts, failures by category with one line of reason, the slowest tests.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { redact } from '../../lab/index.ts';
import type { CategoryName, ResultStatus } from './categories.ts';
import { CATEGORY_NAMES, categoryOf, firstLine, HARNESS_ERROR } from './categories.ts';

export interface TestSummary {
  name: string;
  /** allure-mocha's "package:file: suite > test", which the report and its history key on. */
  fullName: string;
  /** "suite > test": fullName without the package and file, for people. */
  title: string;
  status: ResultStatus;
  durationMs: number;
  /** Undefined for passed and skipped tests. */
  category?: CategoryName;
  /** First line of the failure message (redacted), or '' when there is none. */
  reason: string;
}

/** An error outside any test (a failed "before all" hook, say): its tests never ran, so no result says so. */
export interface RunError {
  category: CategoryName;
  reason: string;
}

export interface RunSummary {
  resultsDir: string;
  total: number;
  counts: Record<ResultStatus, number>;
  /** In the order the tests started. */
  tests: TestSummary[];
  /** From allure-mocha's *-globals.json; Allure 3 shows them as the report's global errors. */
  errorsOutsideTests: RunError[];
}

/** The fields of an Allure *-result.json this file reads. */
interface AllureGlobalsFile {
  errors?: { message?: string; trace?: string }[];
}

interface AllureResultFile {
  name?: string;
  fullName?: string;
  historyId?: string;
  status?: string;
  statusDetails?: { message?: string; trace?: string };
  start?: number;
  stop?: number;
}

const STATUSES: readonly ResultStatus[] = ['passed', 'failed', 'broken', 'skipped', 'unknown'];

export async function summarizeResults(resultsDir: string): Promise<RunSummary> {
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith('-result.json'));
  const results: AllureResultFile[] = [];
  for (const file of files) results.push(JSON.parse(await readFile(path.join(resultsDir, file), 'utf8')) as AllureResultFile);

  // A retried test leaves one result per attempt under the same historyId; like the report,
  // count only the last attempt.
  const latest = new Map<string, AllureResultFile>();
  for (const r of results) {
    const key = r.historyId ?? r.fullName ?? r.name ?? String(latest.size);
    const seen = latest.get(key);
    if (seen === undefined || (r.stop ?? 0) >= (seen.stop ?? 0)) latest.set(key, r);
  }

  const tests = [...latest.values()].sort((a, b) => (a.start ?? 0) - (b.start ?? 0)).map(toTestSummary);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ResultStatus, number>;
  for (const t of tests) counts[t.status] += 1;
  return { resultsDir, total: tests.length, counts, tests, errorsOutsideTests: await readGlobalErrors(resultsDir) };
}

async function readGlobalErrors(resultsDir: string): Promise<RunError[]> {
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith('-globals.json')).sort();
  const errors: RunError[] = [];
  for (const file of files) {
    const globals = JSON.parse(await readFile(path.join(resultsDir, file), 'utf8')) as AllureGlobalsFile;
    for (const e of globals.errors ?? []) {
      // Anything thrown outside a test is "broken": it is never an assertion about the product.
      errors.push({ category: categoryOf('broken', e) ?? HARNESS_ERROR, reason: redact(firstLine(e.message ?? '') || firstLine(e.trace ?? '')) });
    }
  }
  return errors;
}

function toTestSummary(r: AllureResultFile): TestSummary {
  const status: ResultStatus = STATUSES.includes(r.status as ResultStatus) ? (r.status as ResultStatus) : 'unknown';
  const category = categoryOf(status, r.statusDetails);
  return {
    name: r.name ?? '(unnamed)',
    fullName: r.fullName ?? r.name ?? '(unnamed)',
    title: titleOf(r.fullName ?? r.name ?? '(unnamed)'),
    status,
    durationMs: Math.max(0, (r.stop ?? 0) - (r.start ?? 0)),
    ...(category ? { category } : {}),
    reason: redact(firstLine(r.statusDetails?.message ?? '') || firstLine(r.statusDetails?.trace ?? '')),
  };
}

/** "pfslab:suites/a.spec.ts: PFS > one parent" -> "PFS > one parent". */
function titleOf(fullName: string): string {
  return fullName.replace(/^[^\s:]+:\S+?: /, '');
}

export interface RenderOptions {
  /** Where the HTML report is (generateReport's indexHtml). */
  report?: string;
  /** How many of the slowest tests to list (default 5). */
  slowest?: number;
}

export function renderSummary(summary: RunSummary, opts: RenderOptions = {}): string {
  const { counts } = summary;
  const lines = [
    `${summary.total} tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.broken} broken, ${counts.skipped} skipped` +
      (counts.unknown ? `, ${counts.unknown} unknown` : '') +
      (summary.errorsOutsideTests.length ? `; ${summary.errorsOutsideTests.length} errors outside tests` : ''),
  ];
  for (const category of CATEGORY_NAMES) {
    const tests = summary.tests.filter((t) => t.category === category);
    const outside = summary.errorsOutsideTests.filter((e) => e.category === category);
    if (tests.length + outside.length === 0) continue;
    lines.push('', `${category} (${tests.length + outside.length}):`);
    for (const t of tests) lines.push(`  ${t.status === 'failed' ? '✗' : '!'} ${t.title}`, `      ${t.reason || '(no message)'}`);
    for (const e of outside) lines.push('  ! (outside any test)', `      ${e.reason || '(no message)'}`);
  }
  const slowest = [...summary.tests].sort((a, b) => b.durationMs - a.durationMs).slice(0, opts.slowest ?? 5);
  if (slowest.length > 0) {
    lines.push('', 'Slowest:');
    for (const t of slowest) lines.push(`  ${formatDuration(t.durationMs).padStart(8)}  ${t.title}`);
  }
  lines.push('', `Results: ${summary.resultsDir}`);
  if (opts.report !== undefined) lines.push(`Report:  ${opts.report}`);
  return `${lines.join('\n')}\n`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
