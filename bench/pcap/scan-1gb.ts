// Benchmark: how fast readCapture summarises a ~1 GB capture of a PFS upgrade, next to a
// bare scan of the same file (the floor: read + walk headers, no flow state), tcpdump and
// tshark. Target: readCapture <= 2x the bare scan.
//
//   npx tsx bench/pcap/scan-1gb.ts [--size-mb 1024] [--runs 3] [--keep] [--no-tshark]
//
// The capture is written with the test CaptureBuilder into a temporary directory and
// removed afterwards (--keep writes it to bench/out/, gitignored, and reuses it next time).
// Our scans run in child processes (timed-scan.ts) so each peak RSS is its own; times are
// the scan alone (median of --runs, page cache warm; bare and readCapture runs alternate),
// wall and CPU (all threads: the bare scan's reads run in libuv's pool). The tools are timed around their
// whole process, start-up included; their peak RSS comes from /usr/bin/time -v.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPfsUpgradeCapture } from './pfs-upgrade-capture.ts';
import { bareScan } from './bare-scan.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const value = (name: string, def: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const sizeMb = value('--size-mb', 1024);
const runs = value('--runs', 3);

interface Row {
  name: string;
  seconds: number;
  cpuSeconds: number;
  rssMiB: number;
  note: string;
}

interface Scan {
  seconds: number;
  cpuSeconds: number;
  maxRssMiB: number;
  frames: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timedChild(mode: 'bare' | 'read' | 'analyze', file: string): Scan {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'timed-scan.ts'), mode, file], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`timed-scan ${mode} failed: ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Scan;
}

function timedTool(cmd: string[], okStatuses = [0]): { seconds: number; cpuSeconds: number; rssMiB: number } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', ...cmd], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  if (!okStatuses.includes(r.status ?? -1)) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  return { seconds, cpuSeconds: Number(user?.[1] ?? NaN) + Number(sys?.[1] ?? NaN), rssMiB: m ? Number(m[1]) / 1024 : NaN };
}

const workDir = flag('--keep') ? join(root, 'bench', 'out') : mkdtempSync(join(tmpdir(), 'pfslab-bench-'));
mkdirSync(workDir, { recursive: true });
const file = join(workDir, `pfs-upgrade-${sizeMb}mb.pcap`);
try {
  if (!existsSync(file)) {
    const t0 = performance.now();
    const built = await buildPfsUpgradeCapture(file, sizeMb * 1024 * 1024);
    console.log(
      `built ${file}: ${(built.bytes / 2 ** 20).toFixed(0)} MiB, ${built.frames} frames, ${built.phones} phones, ` +
        `${built.tcpSessions} TCP 4051 copies, ${built.tftpTransfers} TFTP transfers, ${built.udpDatagrams} UDP 4051 datagrams ` +
        `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  const size = statSync(file).size;
  // Warm the page cache and check the readers agree on what they saw.
  const bare = await bareScan(file);
  const summary = await readCapture(file);
  const tcpBytes = summary.tcp4051.reduce((n, c) => n + c.bytesFromAcceptor + c.bytesFromInitiator, 0);
  if (bare.frames !== summary.frames) throw new Error(`frame counts differ: bare ${bare.frames}, readCapture ${summary.frames}`);
  console.log(`readCapture: ${summary.frames} frames, ${summary.tcp4051.length} TCP 4051 connections (${(tcpBytes / 2 ** 20).toFixed(0)} MiB payload), ${summary.tftp.length} TFTP transfers, ${summary.conversations.length} conversations`);

  // Bare scan and readCapture alternate, so that both see the same machine load.
  const scans: Record<'bare' | 'read' | 'analyze', Scan[]> = { bare: [], read: [], analyze: [] };
  for (let i = 0; i < runs; i++) for (const mode of ['bare', 'read', 'analyze'] as const) scans[mode].push(timedChild(mode, file));
  const row = (name: string, results: Scan[]): Row => ({
    name,
    seconds: median(results.map((r) => r.seconds)),
    cpuSeconds: median(results.map((r) => r.cpuSeconds)),
    rssMiB: Math.max(...results.map((r) => r.maxRssMiB)),
    note: `wall, median of ${runs}: ${results.map((r) => r.seconds.toFixed(3)).join(', ')} s (scan only)`,
  });
  const rows: Row[] = [
    row('bare scan (bench/pcap/bare-scan.ts)', scans.bare),
    row('readCapture', scans.read),
    row('readCapture + analyzePfs', scans.analyze),
  ];
  const cli = timedTool([process.execPath, join(root, 'bin', 'pfslab.js'), 'analyze', '--json', '--pcap', file], [0, 1]);
  rows.push({ name: 'pfslab analyze --json --pcap F', ...cli, note: 'whole process, Node start-up included (the compiled build: npm run build first)' });
  const td = timedTool(['tcpdump', '-nn', '-q', '-r', file]);
  rows.push({ name: 'tcpdump -nn -q -r F > /dev/null', ...td, note: 'whole process' });
  if (!flag('--no-tshark')) {
    const ts = timedTool(['tshark', '-q', '-z', 'conv,tcp', '-z', 'conv,udp', '-r', file]);
    rows.push({ name: 'tshark -q -z conv,tcp -z conv,udp -r F', ...ts, note: 'whole process' });
  }

  const base = rows[0]!.seconds;
  const baseCpu = rows[0]!.cpuSeconds;
  console.log(`\ncapture: ${(size / 2 ** 20).toFixed(0)} MiB, ${summary.frames} frames; node ${process.version}\n`);
  const table = [
    ['reader', 'wall s', 'x bare (wall)', 'CPU s', 'x bare (CPU)', 'peak RSS MiB', 'note'],
    ...rows.map((r) => [
      r.name,
      r.seconds.toFixed(3),
      (r.seconds / base).toFixed(2),
      r.cpuSeconds.toFixed(3),
      (r.cpuSeconds / baseCpu).toFixed(2),
      r.rssMiB.toFixed(0),
      r.note,
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  for (const [i, row] of table.entries()) {
    console.log(`| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  for (const r of [rows[1]!, rows[2]!]) {
    const ratio = r.seconds / base;
    const cpuRatio = r.cpuSeconds / baseCpu;
    console.log(`${r.name} / bare scan = ${ratio.toFixed(2)} wall, ${cpuRatio.toFixed(2)} CPU (target <= 2.00): ${cpuRatio <= 2 ? 'met' : 'MISSED'}`);
  }
  console.log(`load average while measuring: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs (wall times suffer when it exceeds the CPU count)`);
} finally {
  if (!flag('--keep')) rmSync(workDir, { recursive: true, force: true });
}
