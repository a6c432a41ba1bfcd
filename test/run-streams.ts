// `npm test` (CI's command): the tests in four mocha processes at once, each its own "stream",
// after compiling the code once for the virtual lab's processes. `npm run test:serial` runs
// them in one mocha process instead (about twice as long).
//
// Why: most of the test time is labs waiting on the twin's timers. The fault matrix brings its
// small lab up once per fault (about half of all the time), the `pfslab run` tests bring the
// same lab up a dozen times, and every other lab test waits too. One after the other, CI took
// ~30 min on 2 cores that sat idle much of it.
//
// The streams never meet. The fault matrix's two halves and the `pfslab run` tests have a lab
// plan each (namespace prefix, addresses, transfer network: test/matrix/matrix-lab.ts), the
// lease tests (test/lab) start their own etcd on free ports and their own namespace, and every
// other lab test keeps its own prefix and addresses in the last stream, where its tests run one
// after the other as before. A new test that brings a lab up belongs in `others` unless its lab
// is on a plan no other stream uses.
//
// Why four, and why compiled: a 12-phone lab starts 16 node processes at once. Under tsx each
// cost about 0.6 s of CPU before it ran, and four streams (three such labs at once beside the
// other tests) drove the load average to 20 on 2 cores: five tests missed their waits
// (Chromium's, a lab's health wait, tcpdump's). Three streams (the matrix's halves one after the
// other) passed in 15 min. The lab's processes now run from a build made here (LAB_BUILD;
// harness/lab/child-node.ts says how), about 0.2 s of CPU each: four streams peak at a load of
// about 16. The CUCM tests ride with the halves of the matrix, which end first otherwise, and
// the static checks (tsc, eslint) with `others`.
//
// Each stream's lines are shown as they come, prefixed with the stream's name, so that CI's log
// says which process said what. The end is one summary in mocha's own words (`N passing`,
// `N failing`, `N pending`), the counts of all streams, which .ci/run reads. A stream that
// dies before mocha could count is a failure, never a silent pass; so is a build that fails.
// Extra arguments (e.g. `npm test -- --grep lease`) go to every mocha process.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..');
/**
 * The virtual lab's processes run compiled (harness/lab/child-node.ts, labBuildRoot), from a
 * build made here, before the tests, into a folder of its own: the package test's `npm pack`
 * rebuilds build/ while other streams run.
 */
const LAB_BUILD = path.join(ROOT, '.test-build');
const CONFIG = ['--config', 'test/.mocharc.json'];

interface Stream {
  name: string;
  /** The test files (globs, quoted for mocha to expand) this stream runs, and no other. */
  files: string[];
}

/** Tests of evidence files built in memory: no lab, no address. (The static checks stay in `others`.) */
const WITHOUT_A_LAB = ['pcap', 'pfs', 'console', 'fuzz', 'plan', 'report', 'run'].map((dir) => `test/${dir}/**/*.test.ts`);

/**
 * The CUCM tests (the drivers' and the virtual CUCM's, Chromium's pages among them) start their
 * CUCM on 127.0.0.1 at a free port, with temporary files: they may run beside anything, and
 * they even out the streams' lengths after each half of the matrix.
 */
const OWNED: readonly Stream[] = [
  { name: 'hierarchy', files: ['test/matrix/fault-matrix-hierarchy.test.ts', 'test/drivers/cucm/**/*.test.ts'] },
  { name: 'bugs', files: ['test/matrix/fault-matrix-bugs.test.ts', 'test/virtual/cucm/**/*.test.ts'] },
  { name: 'cli', files: ['test/cli/run.test.ts', 'test/cli/crash-recovery.test.ts', 'test/cli/run-lease-lost.test.ts', 'test/lab/**/*.test.ts', ...WITHOUT_A_LAB] },
];

/** Every stream's mocha arguments: the owned streams, then every other test file. */
const STREAMS: readonly { name: string; args: string[] }[] = [
  ...OWNED.map((s) => ({ name: s.name, args: s.files })),
  { name: 'others', args: ['test/**/*.test.ts', ...OWNED.flatMap((s) => s.files.flatMap((glob) => ['--ignore', glob]))] },
];

interface Counts {
  passing: number;
  failing: number;
  pending: number;
}

interface StreamEnd {
  stream: { name: string };
  counts: Counts | undefined;
  exit: number;
  seconds: number;
}

const children: ChildProcess[] = [];

/** Runs one stream's mocha, echoing its lines with the stream's name; reads mocha's own summary. */
function runStream(stream: { name: string; args: string[] }, extra: readonly string[], width: number): Promise<StreamEnd> {
  const started = Date.now();
  const args = [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), ...CONFIG, ...stream.args, ...extra];
  if (process.stdout.isTTY) args.push('--color');
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, PFSLAB_LAB_BUILD: LAB_BUILD }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const label = `[${stream.name}]`.padEnd(width + 2);
  const counts: Partial<Counts> = {};
  // mocha's spec reporter ends with its epilogue, "  N passing (T)" then "  N pending" and
  // "  N failing" when there are any, each indented by two spaces, then the failures' details.
  // Read the first epilogue only: a failure's message may quote a child mocha's own summary.
  let epilogue: 'not yet' | 'reading' | 'read' = 'not yet';
  const echo = (out: NodeJS.WriteStream) => (line: string): void => {
    out.write(`${label} ${line}\n`);
    if (epilogue === 'read') return;
    const m = /^ {2}(\d+) (passing|failing|pending)\b/.exec(stripColours(line));
    if (epilogue === 'not yet' && m?.[2] === 'passing') epilogue = 'reading';
    else if (epilogue === 'reading' && !m) epilogue = 'read';
    if (epilogue === 'reading' && m) counts[m[2] as keyof Counts] = Number(m[1]);
  };
  createInterface({ input: child.stdout }).on('line', echo(process.stdout));
  createInterface({ input: child.stderr }).on('line', echo(process.stderr));
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`${label} could not start mocha: ${e.message}\n`);
    });
    child.on('close', (code, signal) => {
      const exit = code ?? (signal ? 128 : 1);
      const seconds = (Date.now() - started) / 1000;
      const summarised = counts.passing !== undefined || counts.failing !== undefined;
      resolve({ stream, exit, seconds, counts: summarised ? { passing: counts.passing ?? 0, failing: counts.failing ?? 0, pending: counts.pending ?? 0 } : undefined });
    });
  });
}

/** Compiles the code into LAB_BUILD; false (having said why) when tsc fails. */
function buildLab(): boolean {
  const started = Date.now();
  rmSync(LAB_BUILD, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', LAB_BUILD], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`[build] tsc -p tsconfig.build.json --outDir ${LAB_BUILD} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}\n`);
    return false;
  }
  process.stdout.write(`[build] the lab's processes run from ${path.relative(ROOT, LAB_BUILD)}/ (compiled in ${minutes((Date.now() - started) / 1000)})\n`);
  return true;
}

function stripColours(line: string): string {
  // eslint-disable-next-line no-control-regex -- mocha's colour codes start with ESC
  return line.replace(/\u001b\[[0-9;]*m/g, '');
}

function minutes(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m}m ${Math.round(seconds % 60)}s` : `${Math.round(seconds)}s`;
}

async function main(): Promise<number> {
  const extra = process.argv.slice(2);
  const width = Math.max(...STREAMS.map((s) => s.name.length));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const child of children) child.kill(signal);
    });
  }
  const started = Date.now();
  if (!buildLab()) return 1;
  const ends = await Promise.all(STREAMS.map((s) => runStream(s, extra, width)));
  const total: Counts = { passing: 0, failing: 0, pending: 0 };
  const lines: string[] = [''];
  for (const end of ends) {
    if (end.counts === undefined) {
      // Died before mocha counted (a crash, a kill): one failure, so that the total cannot pass.
      total.failing += 1;
      lines.push(`  stream ${end.stream.name}: ended with exit ${end.exit} before mocha's summary (counted as 1 failing) after ${minutes(end.seconds)}`);
      continue;
    }
    const failing = end.counts.failing > 0 || end.exit === 0 ? end.counts.failing : 1;
    total.passing += end.counts.passing;
    total.failing += failing;
    total.pending += end.counts.pending;
    lines.push(`  stream ${end.stream.name}: ${end.counts.passing} passing, ${failing} failing, ${end.counts.pending} pending, exit ${end.exit}, ${minutes(end.seconds)}`);
  }
  lines.push('', `  ${total.passing} passing (${minutes((Date.now() - started) / 1000)})`);
  if (total.failing > 0) lines.push(`  ${total.failing} failing`);
  if (total.pending > 0) lines.push(`  ${total.pending} pending`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return total.failing > 0 ? Math.min(total.failing, 255) : 0;
}

process.exitCode = await main();
