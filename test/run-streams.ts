// `npm run test:streams`: the tests in three mocha processes at once, each its own "stream".
// Not yet `npm test` (CI's command): see README, "The two commands", for the failure it showed once.
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
// Why three and not more: with each half of the matrix and the `pfslab run` tests in a stream
// of their own (four streams), three 12-phone labs ran at once beside the others; the load
// average reached 20 on 2 cores and five tests of the last stream missed their waits
// (Chromium's, a lab's health wait, tcpdump's). So the matrix's halves run one after the
// other, and the tests without a lab (static checks, evidence files built in memory) ride with
// the `pfslab run` tests to even out the lengths. On a machine with more cores, give each half
// of the matrix its own stream.
//
// Each stream's lines are shown as they come, prefixed with the stream's name, so that CI's log
// says which process said what. The end is one summary in mocha's own words (`N passing`,
// `N failing`, `N pending`), the counts of all streams, which .ci/run reads. A stream that
// dies before mocha could count is a failure, never a silent pass. Extra arguments (e.g.
// `npm test -- --grep lease`) go to every mocha process.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONFIG = ['--config', 'test/.mocharc.json'];

interface Stream {
  name: string;
  /** The test files (globs, quoted for mocha to expand) this stream runs, and no other. */
  files: string[];
}

/** Tests of evidence files built in memory and the static checks: no lab, no address. */
const WITHOUT_A_LAB = ['pcap', 'pfs', 'console', 'fuzz', 'plan', 'report', 'run', 'lint', 'quality'].map((dir) => `test/${dir}/**/*.test.ts`);

const OWNED: readonly Stream[] = [
  { name: 'matrix', files: ['test/matrix/fault-matrix-hierarchy.test.ts', 'test/matrix/fault-matrix-bugs.test.ts'] },
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
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
