// `npm test`: the tests in two mocha processes at once, each its own "stream".
//
// Why two: half of the test time is the fault matrix (test/matrix), which brings its small lab
// up once per fault and then mostly waits on the twin's timers; the other half is every other
// test, many of them waiting on labs and timers too. One after the other, CI took ~30 min on
// 2 cores that sat idle much of it. The two streams never meet: the matrix's lab has its own
// namespace prefix, addresses and transfer network (test/matrix/matrix-lab.ts), the `pfslab run`
// tests use the same lab on another plan, and every other lab test has its own prefix and
// addresses as before. The static checks (lint, tsc: CPU, no lab) go with the matrix to even
// out the two streams' lengths.
//
// Each stream's lines are shown as they come, prefixed with the stream's name, so that CI's log
// says which process said what. The end is one summary in mocha's own words (`N passing`,
// `N failing`, `N pending`), the counts of both streams, which .ci/run reads. A stream that
// dies before mocha could count is a failure, never a silent pass. Extra arguments (e.g.
// `npm test -- --grep lease`) go to both mocha processes.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONFIG = ['--config', 'test/.mocharc.json'];

interface Stream {
  name: string;
  /** mocha's arguments: the files (globs, quoted for mocha to expand) and what to ignore. */
  files: string[];
}

const ALONGSIDE_THE_MATRIX = ['test/matrix/**/*.test.ts', 'test/quality/**/*.test.ts'];

const STREAMS: readonly Stream[] = [
  { name: 'matrix', files: ALONGSIDE_THE_MATRIX },
  { name: 'others', files: ['test/**/*.test.ts', ...ALONGSIDE_THE_MATRIX.flatMap((glob) => ['--ignore', glob])] },
];

interface Counts {
  passing: number;
  failing: number;
  pending: number;
}

interface StreamEnd {
  stream: Stream;
  counts: Counts | undefined;
  exit: number;
  seconds: number;
}

const children: ChildProcess[] = [];

/** Runs one stream's mocha, echoing its lines with the stream's name; reads mocha's own summary. */
function runStream(stream: Stream, extra: readonly string[], width: number): Promise<StreamEnd> {
  const started = Date.now();
  const args = [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), ...CONFIG, ...stream.files, ...extra];
  if (process.stdout.isTTY) args.push('--color');
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const label = `[${stream.name}]`.padEnd(width + 2);
  const counts: Partial<Counts> = {};
  const echo = (out: NodeJS.WriteStream) => (line: string): void => {
    out.write(`${label} ${line}\n`);
    // mocha's spec reporter ends with "  N passing (T)", "  N failing", "  N pending".
    const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(stripColours(line));
    if (m) counts[m[2] as keyof Counts] = Number(m[1]);
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
