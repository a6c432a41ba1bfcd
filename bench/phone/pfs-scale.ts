// Scale bench (issue 3): one subnet of N CP-7961G phones upgrading the real SCCP41 sizes
// (~7.75 MiB, pfs-reference §4) through PFS, phones split over W worker processes (both
// cores), the virtual TFTP server in this process standing for headquarters (WAN unshaped).
// Reports wall time from power-on to every phone running the new load, the bytes the TFTP
// server sent (the WAN bytes: PFS must need exactly one copy of each file), each file's
// tree depth, and the peak RSS of all processes. --mode tftp runs the same lab the
// traditional way (PFS off) for the ratio.
//   npx tsx bench/phone/pfs-scale.ts [--phones 1000] [--workers 2] [--mode pfs|tftp] [--timer-scale 1] [--blksize 1428] [--window N]
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadLab } from '../../harness/lab/index.ts';
import { benchPhoneConfig } from './bench-config.ts';
import { CompositeStore, FirmwareStore, MemoryStore, publishLoads, startTftpServer } from '../../labs/virtual/tftp/index.ts';
import type { PhoneSpec } from '../../labs/virtual/phone/spec.ts';

const { values } = parseArgs({
  options: {
    phones: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    mode: { type: 'string', default: 'pfs' },
    'timer-scale': { type: 'string', default: '1' },
    // The phones' TFTP options: blksize 1428 and no window by default (what the virtual
    // phone asks for); a larger block and a window shorten the root's fetch on the
    // critical path of each file.
    blksize: { type: 'string', default: '1428' },
    window: { type: 'string' },
  },
});
const N = Number(values.phones);
const W = Number(values.workers);
const pfs = values.mode !== 'tftp';
const TFTP_IP = '127.89.0.11';

interface WorkerReport {
  peakRssBytes: number;
  tally: Record<string, number>;
  cpuPerSecond: number[];
  loopDelayMs: number[];
  resources: Record<string, number>;
  phones: { ip: string; origins: Record<string, string>; parents: Record<string, string>; obtainedAt: Record<string, number>; runningAt: number }[];
}

const lab = await loadLab('labs/virtual.yaml');
const sccp41 = lab.loads.find((l) => l.models.includes('CP-7961G'));
if (!sccp41) throw new Error('labs/virtual.yaml has no load for CP-7961G');
const firmware = new FirmwareStore();
const files = new MemoryStore();
const [published] = publishLoads([{ load: sccp41.load, models: ['CP-7961G'] }], { firmware, files });
if (!published) throw new Error('nothing published');
const loadBytes = published.files.reduce((n, f) => n + f.size, 0);

const specs: PhoneSpec[] = Array.from({ length: N }, (_, i) => {
  const name = `SEP0250F5${i.toString(16).toUpperCase().padStart(6, '0')}`;
  files.put(
    `${name}.cnf.xml`,
    benchPhoneConfig(i, { cucmAddress: TFTP_IP, loadId: published.id, pfs }),
  );
  return {
    name,
    model: 'CP-7961G',
    ip: `127.88.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
    cidr: '127.88.0.0/16',
    tftpServer: TFTP_IP,
    initialLoad: 'SCCP41.9-3-1SR1-1S',
    timing: { scale: Number(values['timer-scale']), rootWaitMs: 500, bootMs: 500, rebootMs: 500, lingerMs: 3000, tftpTimeoutMs: 2000, tftpRetries: 8 },
    web: { enabled: false },
    tftp: { blockSize: Number(values.blksize), windowSize: values.window === undefined ? undefined : Number(values.window) },
  };
});

const tftp = await startTftpServer({ address: TFTP_IP, port: 69, store: new CompositeStore([files, firmware]), timeoutMs: 2000 });
const dir = await mkdtemp(join(tmpdir(), 'pfslab-bench-phone-'));
const workers = await Promise.all(
  Array.from({ length: W }, async (_, w) => {
    const mine = specs.filter((_s, i) => i % W === w);
    const file = join(dir, `w${w}.json`);
    await writeFile(file, JSON.stringify(mine));
    // PFSLAB_BENCH_PROFILE=<dir>: CPU profiles of the workers (node --cpu-prof) for a look in DevTools.
    const profile = process.env.PFSLAB_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.PFSLAB_BENCH_PROFILE] : [];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/phone/phone-worker.ts', file, published.id], { stdio: ['pipe', 'pipe', 'inherit'] });
    let onReady: () => void = () => {};
    let onDone: (r: WorkerReport) => void = () => {};
    let onExit: (e: Error) => void = () => {};
    const ready = new Promise<void>((r, reject) => ((onReady = r), (onExit = reject)));
    const done = new Promise<WorkerReport>((r, reject) => ((onDone = r), (onExit = ((prev) => (e: Error) => (prev(e), reject(e)))(onExit))));
    done.catch(() => {});
    child.once('exit', (code) => onExit(new Error(`worker ${w} exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { ready?: number; done?: boolean; error?: string } & WorkerReport;
      if (m.ready !== undefined) onReady();
      if (m.error) process.stderr.write(`worker ${w}: ${m.error}\n`);
      if (m.done) onDone(m);
    });
    await ready;
    return { child, done };
  }),
);
const parentRss = () => process.memoryUsage.rss();
let mainPeak = parentRss();
const sampler = setInterval(() => (mainPeak = Math.max(mainPeak, parentRss())), 100);

const t0 = performance.now();
const epoch0 = performance.timeOrigin + t0;
for (const w of workers) w.child.stdin.write('go\n');
const reports = await Promise.all(workers.map((w) => w.done));
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);

const wanBytes = [...tftp.bytesByClient().values()].reduce((a, b) => a + b, 0);
const components = new Set(published.files.map((f) => f.name));
const firmwareBytes = tftp.transfers().filter((t) => components.has(t.file)).reduce((n, t) => n + t.bytesSent, 0);
const phones = reports.flatMap((r) => r.phones);
const depths = published.files.map((f) => {
  const parent = new Map(phones.flatMap((p) => (p.parents[f.name] ? [[p.ip, p.parents[f.name] ?? '']] : [])));
  const depthOf = (ip: string, seen = 0): number => (parent.has(ip) && seen < N ? 1 + depthOf(parent.get(ip) ?? '', seen + 1) : 0);
  const roots = phones.filter((p) => p.origins[f.name] === 'tftp-root').length;
  const fallbacks = phones.filter((p) => p.origins[f.name] === 'tftp-fallback').length;
  // When the phones had the file, seconds after power-on: first (the root), median, last.
  const got = phones.map((p) => ((p.obtainedAt[f.name] ?? Number.NaN) - epoch0) / 1000).sort((a, b) => a - b);
  const timeline = [got[0], got[Math.floor(got.length / 2)], got[got.length - 1]].map((s) => Number((s ?? Number.NaN).toFixed(2)));
  return { file: f.name, size: f.size, roots, fallbacks, depth: Math.max(...phones.map((p) => depthOf(p.ip))), gotFirstMedianLast: timeline };
});
const totalRss = mainPeak + reports.reduce((n, r) => n + r.peakRssBytes, 0);
console.log(
  JSON.stringify(
    {
      mode: values.mode,
      phones: N,
      workers: W,
      loadBytes,
      seconds: Number(seconds.toFixed(2)),
      wanBytes,
      wanFirmwareBytes: firmwareBytes,
      wanFirmwareCopies: Number((firmwareBytes / loadBytes).toFixed(3)),
      peakRssMiB: Math.round(totalRss / 2 ** 20),
      logTally: reports.reduce<Record<string, number>>((all, r) => {
        for (const [k, v] of Object.entries(r.tally)) all[k] = (all[k] ?? 0) + v;
        return all;
      }, {}),
      cpuPerSecondPerWorker: reports.map((r) => r.cpuPerSecond.join(' ')),
      resourcesPerWorker: reports.map((r) => r.resources),
      loopDelayMsP50P99MaxPerWorker: reports.map((r) => r.loopDelayMs),
      runningFirstMedianLast: (() => {
        const r = phones.map((p) => (p.runningAt - epoch0) / 1000).sort((a, b) => a - b);
        return [r[0], r[Math.floor(r.length / 2)], r[r.length - 1]].map((s) => Number((s ?? Number.NaN).toFixed(2)));
      })(),
      files: depths,
    },
    null,
    1,
  ),
);
for (const w of workers) w.child.stdin.write('quit\n');
await Promise.all(workers.map((w) => new Promise((r) => w.child.once('exit', r))));
await tftp.close();
await rm(dir, { recursive: true, force: true });
