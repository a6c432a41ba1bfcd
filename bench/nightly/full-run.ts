// Nightly bench (issue 6): the whole nightly run against the default virtual lab, as the
// README's first command runs it (`pfslab run`), timed from the start to the report. Prints
// the wall time, each suite's tests and how many did not pass (from the Allure results), and
// each upgrade scenario's duration (from the evidence: reboot to the last phone on the
// target). The target is 10 minutes on the 2-core machine; not asserted.
//   npm run build && npx tsx bench/nightly/full-run.ts [--lab labs/virtual.yaml] [--suite GLOB]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';

const { values } = parseArgs({ options: { lab: { type: 'string', default: 'labs/virtual.yaml' }, suite: { type: 'string' } } });

const started = Date.now();
const code = await new Promise<number>((resolve) => {
  const args = [path.join(PFSLAB_ROOT, 'bin/pfslab.js'), 'run', '--lab', values.lab, ...(values.suite ? ['--suite', values.suite] : [])];
  const child = spawn(process.execPath, args, { cwd: PFSLAB_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('close', (c) => resolve(c ?? 1));
});
const wallS = (Date.now() - started) / 1000;

const runDir = await realpath(path.join(PFSLAB_ROOT, 'reports/latest'));
const results = path.join(runDir, 'allure-results');
const bySuite = new Map<string, { tests: number; failed: number }>();
for (const f of await readdir(results)) {
  if (!f.endsWith('-result.json')) continue;
  const r = JSON.parse(await readFile(path.join(results, f), 'utf8')) as { status?: string; labels?: { name: string; value: string }[] };
  const suite = r.labels?.find((l) => l.name === 'suite')?.value ?? r.labels?.find((l) => l.name === 'parentSuite')?.value ?? '?';
  const s = bySuite.get(suite) ?? { tests: 0, failed: 0 };
  s.tests++;
  if (r.status !== 'passed') s.failed++;
  bySuite.set(suite, s);
}
const scenarios: string[] = [];
const evidence = path.join(runDir, 'evidence');
for (const d of existsSync(evidence) ? await readdir(evidence) : []) {
  const f = path.join(evidence, d, 'outcomes.json');
  if (!existsSync(f)) continue;
  const o = JSON.parse(await readFile(f, 'utf8')) as { scenario: string; phones: { reached: boolean; afterMs?: number }[] };
  const lastS = Math.max(0, ...o.phones.map((p) => p.afterMs ?? 0)) / 1000;
  scenarios.push(`  ${o.scenario}: ${lastS.toFixed(0)} s, ${o.phones.filter((p) => p.reached).length}/${o.phones.length} phones`);
}
process.stdout.write(`\nnightly bench: pfslab run exit ${code}, wall ${wallS.toFixed(0)} s (${(wallS / 60).toFixed(1)} min), target 600 s\n`);
process.stdout.write(`suites (${bySuite.size}):\n${[...bySuite].map(([s, v]) => `  ${s}: ${v.tests} tests, ${v.failed} not passed`).join('\n')}\n`);
process.stdout.write(`upgrade scenarios (from the evidence, reboot to the last phone on the target):\n${scenarios.join('\n')}\n`);
process.stdout.write(`report: ${runDir}/report/index.html\n`);
