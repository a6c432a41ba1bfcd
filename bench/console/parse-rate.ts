// How many console lines per second parseConsoleLog (and the chunk stream) reads, on a
// synthetic 2 M-line log. Target: >= 1 M lines/s.
//   npx tsx bench/console/parse-rate.ts [lines]                  both variants
//   npx tsx bench/console/parse-rate.ts [lines] --variant whole  one variant
// Each variant runs in a fresh process: the whole-text parse leaves a heap of 2 M records
// behind that would slow whatever is timed after it.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ConsoleLogStream, parseConsoleLog } from '../../harness/evidence/console/index.ts';
import { syntheticConsoleLog } from './synthetic-log.ts';

const VARIANTS = {
  whole: 'parseConsoleLog (whole text)',
  stream: 'ConsoleLogStream (64 KiB chunks, retain: false)',
} as const;
type Variant = keyof typeof VARIANTS;

function isVariant(name: string): name is Variant {
  return Object.hasOwn(VARIANTS, name);
}

const args = process.argv.slice(2);
const variantAt = args.indexOf('--variant');
const variant = variantAt === -1 ? null : (args[variantAt + 1] ?? '');
const targetLines = Number(args.find((a) => /^\d+$/.test(a)) ?? 2_000_000);
const CHUNK = 64 * 1024;

function wholeText(text: string): number {
  return parseConsoleLog(text, 'bench').records.length;
}

function streamed(text: string): number {
  const stream = new ConsoleLogStream('bench', { retain: false });
  let records = 0;
  for (let at = 0; at < text.length; at += CHUNK) records += stream.push(text.slice(at, at + CHUNK)).records.length;
  return records + stream.end().records.length;
}

/**
 * Lines per second of wall time, and per second of CPU time (user + system, GC threads
 * included): on a shared machine the wall figure drops with the load, the CPU one less.
 */
function measure(name: string, lines: number, run: () => number, rounds = 5): void {
  run(); // warm-up: let the JIT settle before timing
  const wall: number[] = [];
  const cpu: number[] = [];
  let records = 0;
  for (let i = 0; i < rounds; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    records = run();
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpuStart);
    wall.push(lines / seconds);
    cpu.push(lines / ((used.user + used.system) / 1e6));
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const fmt = (r: number): string => `${(r / 1e6).toFixed(2)} M`;
  console.log(
    `${name.padEnd(48)} ${fmt(median(wall))} lines/s wall (best ${fmt(wall.at(-1) ?? 0)}), ` +
      `${fmt(median(cpu))} lines per CPU-second; ${records} records`,
  );
}

function describeLog(text: string, lines: number): void {
  const parsed = parseConsoleLog(text, 'bench');
  const repaired = parsed.records.filter((r) => r.repairs.length > 0).length;
  const outOfOrder = parsed.records.filter((r) => r.outOfOrder).length;
  console.log(
    `${lines} lines, ${(text.length / 1e6).toFixed(0)} MB: ${parsed.records.length} records, ` +
      `${parsed.events.length} events, ${parsed.raw.length} raw, ${repaired} repaired, ${outOfOrder} out of order`,
  );
}

if (variant === null) {
  const { text, lines } = syntheticConsoleLog(targetLines);
  describeLog(text, lines);
  for (const name of Object.keys(VARIANTS)) {
    const self = fileURLToPath(import.meta.url);
    const child = spawnSync(process.execPath, [...process.execArgv, self, String(targetLines), '--variant', name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exitCode = 1;
  }
} else if (isVariant(variant)) {
  const { text, lines } = syntheticConsoleLog(targetLines);
  measure(VARIANTS[variant], lines, variant === 'whole' ? () => wholeText(text) : () => streamed(text));
} else {
  console.error(`unknown --variant ${variant}; one of ${Object.keys(VARIANTS).join(', ')}`);
  process.exitCode = 2;
}
