// The PFS-vs-traditional sweep (issue 17): the twin's whole upgrade of N CP-7961G phones in
// one subnet, PFS off and on, over shaped WAN profiles, one point at a time. Phones: the
// virtual phone (its own TFTP client, blksize 1428 lock-step, its election timers) in loopback
// mode, split over worker processes (bench/phone/phone-worker.ts); the TFTP server in this
// process behind a WAN shaper (wan-shaper.ts: rate, 500 ms queue, rtt/2 each way, loss).
// Appends one JSON line per point to --out, with the model's prediction for the same run.
//
//   npx tsx bench/plan/sweep.ts --phones 10,30,100 --wan 10/40,2/120,1.5/300 [--mode both|pfs|tftp]
//       [--time-scale 0.25] [--size-scale auto|1/32] [--workers 2] [--out bench/plan/sweep-results.jsonl]
//
// --wan MBIT/RTT_MS[/LOSS_PCT]. --time-scale multiplies the phones' own timers (boot, election,
// root wait, linger, reboot), never the WAN, nor the TFTP retransmission timeout (kept at the
// phone's real 1 s: it races the WAN's round trip). --size-scale auto picks, per (N, WAN), the
// largest of 1/32, 1/64, 1/128, 1/256 with which the traditional upgrade's bytes cross the
// WAN in at most ~200 s, so that every point fits in a few minutes.
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadLab } from '../../harness/lab/index.ts';
import { CALIBRATED, PHONE_TFTP, PHONE_TIMERS } from '../../harness/plan/constants.ts';
import { predict } from '../../harness/plan/model.ts';
import { benchPhoneConfig } from '../phone/bench-config.ts';
import type { PhoneSpec } from '../../labs/virtual/phone/spec.ts';
import { CompositeStore, FirmwareStore, MemoryStore, publishLoads, startTftpServer } from '../../labs/virtual/tftp/index.ts';
import { autoSizeScale } from './size-scale.ts';
import { startWanShaper } from './wan-shaper.ts';

const { values } = parseArgs({
  options: {
    phones: { type: 'string', default: '10,30,100,300,1000' },
    wan: { type: 'string', default: '10/40,2/120,1.5/300' },
    mode: { type: 'string', default: 'both' },
    'time-scale': { type: 'string', default: '0.25' },
    'size-scale': { type: 'string', default: 'auto' },
    workers: { type: 'string', default: '2' },
    out: { type: 'string', default: 'bench/plan/sweep-results.jsonl' },
    // A point that has not finished by then is recorded as not finished (and its processes killed).
    'max-seconds': { type: 'string', default: '480' },
  },
});

// Addresses of their own, so that another loopback bench running at once does not collide.
const PHONE_NET = '127.66';
const RELAY_IP = '127.67.0.11';
const SERVER_IP = '127.67.0.12';
const UPSTREAM_IP = '127.67.0.13';
const MODEL = 'CP-7961G';

const parseFraction = (t: string) => {
  const [a, b] = t.split('/').map(Number);
  return b === undefined ? Number(a) : Number(a) / b;
};
const timeScale = Number(values['time-scale']);
const workersN = Number(values.workers);
const maxSeconds = Number(values['max-seconds']);
const modes = values.mode === 'both' ? (['tftp', 'pfs'] as const) : ([values.mode === 'tftp' ? 'tftp' : 'pfs'] as const);
const wans = values.wan.split(',').map((w) => {
  const [mbit, rtt, loss] = w.split('/').map(Number);
  return { mbit: mbit ?? NaN, rttMs: rtt ?? NaN, lossPercent: loss ?? 0 };
});

const lab = await loadLab('labs/virtual.yaml');
const load = lab.loads.find((l) => l.models.includes(MODEL));
if (!load) throw new Error(`labs/virtual.yaml has no load for ${MODEL}`);
const realLoadBytes = load.load.files.reduce((n, f) => n + f.size, 0);

interface WorkerPhone {
  ip: string;
  origins: Record<string, string>;
  parents: Record<string, string>;
  obtainedAt: Record<string, number>;
  runningAt: number;
  upgradingAt: number;
}

/** What a worker says when all its phones run the new load: its phones, and how its process fared. */
interface WorkerDone {
  phones: WorkerPhone[];
  tally?: Record<string, number>;
  loopDelayMs?: number[];
  cpuPerSecond?: number[];
  resources?: { userS: number; systemS: number };
}

async function runPoint(n: number, wan: (typeof wans)[number], mode: 'pfs' | 'tftp', sizeScale: number): Promise<object> {
  const pfs = mode === 'pfs';
  const firmware = new FirmwareStore();
  const files = new MemoryStore();
  const [published] = publishLoads([{ load: load!.load, models: [MODEL] }], { firmware, files, scale: sizeScale });
  if (!published) throw new Error('nothing published');
  let configBytes = 0;
  const specs: PhoneSpec[] = Array.from({ length: n }, (_, i) => {
    const name = `SEP0266F5${i.toString(16).toUpperCase().padStart(6, '0')}`;
    const cfg = benchPhoneConfig(i, { cucmAddress: RELAY_IP, loadId: published.id, pfs });
    configBytes = Buffer.byteLength(cfg);
    files.put(`${name}.cnf.xml`, cfg);
    return {
      name,
      model: MODEL,
      ip: `${PHONE_NET}.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`,
      cidr: `${PHONE_NET}.0.0/16`,
      tftpServer: RELAY_IP,
      initialLoad: 'SCCP41.9-3-1SR1-1S',
      // The phone's real timers, scaled; its TFTP timeout stays 1 s of real time (see above).
      timing: { scale: timeScale, tftpTimeoutMs: 1000 / timeScale },
      web: { enabled: false },
      tftp: { blockSize: PHONE_TFTP.blockSize },
    };
  });
  const manifestBytes = files.get(`${published.id}.loads`)?.length ?? 0;

  const tftp = await startTftpServer({ address: SERVER_IP, port: 69, store: new CompositeStore([files, firmware]), timeoutMs: 2000 });
  const shaper = await startWanShaper({ listenAddress: RELAY_IP, serverAddress: SERVER_IP, serverPort: 69, upstreamAddress: UPSTREAM_IP, bitsPerSecond: wan.mbit * 1e6, rttMs: wan.rttMs, lossPercent: wan.lossPercent });
  const dir = await mkdtemp(join(tmpdir(), 'pfslab-bench-sweep-'));
  const W = Math.min(workersN, n);
  const workers = await Promise.all(
    Array.from({ length: W }, async (_, w) => {
      const file = join(dir, `w${w}.json`);
      await writeFile(file, JSON.stringify(specs.filter((_s, i) => i % W === w)));
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/phone/phone-worker.ts', file, published.id], { stdio: ['pipe', 'pipe', 'inherit'] });
      let ready!: () => void;
      let done!: (report: WorkerDone) => void;
      const isReady = new Promise<void>((r) => (ready = r));
      const isDone = new Promise<WorkerDone>((r) => (done = r));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = JSON.parse(line) as { ready?: number; done?: boolean; error?: string } & Partial<WorkerDone>;
        if (m.ready !== undefined) ready();
        if (m.error) process.stderr.write(`worker ${w}: ${m.error}\n`);
        if (m.done) done({ ...m, phones: m.phones ?? [] });
      });
      await isReady;
      return { child, isDone };
    }),
  );
  const t0 = performance.timeOrigin + performance.now();
  for (const w of workers) w.child.stdin.write('go\n');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), maxSeconds * 1000)));
  const outcome = await Promise.race([Promise.all(workers.map((w) => w.isDone)), timedOut]);
  clearTimeout(timer);
  for (const w of workers) w.child.stdin.write('quit\n');
  await Promise.all(workers.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.once('exit', r)))));
  const components = new Map(published.files.map((f) => [f.name, f.size]));
  const transfers = tftp.transfers().filter((t) => components.has(t.file));
  const point = {
    at: new Date().toISOString(),
    mode,
    phones: n,
    wan,
    timeScale,
    sizeScale,
    loadBytes: published.files.reduce((s, f) => s + f.size, 0),
    configBytes,
    manifestBytes,
    finished: outcome !== 'timeout',
    maxSeconds,
    wanFirmwareBytesUnique: transfers.filter((t) => t.outcome === 'complete').reduce((s, t) => s + (components.get(t.file) ?? 0), 0),
    wanFirmwareBytesSent: transfers.reduce((s, t) => s + t.bytesSent, 0),
    wanFirmwareFetches: transfers.filter((t) => t.outcome === 'complete').length,
    // Every firmware transfer the server began, by how it ended (a client that gave up shows as the server's timeout), and the server's retransmissions.
    wanTransfersByOutcome: transfers.reduce<Record<string, number>>((m, t) => ({ ...m, [t.outcome ?? 'open']: (m[t.outcome ?? 'open'] ?? 0) + 1 }), {}),
    wanRetransmits: transfers.reduce((s, t) => s + t.retransmits, 0),
    wanWireBytesDown: shaper.down.bytes,
    wanWireBytesUp: shaper.up.bytes,
    wanQueueDrops: shaper.down.drops + shaper.up.drops,
    peakWanBitsPerSecond: shaper.down.peakBitsPerSecond(),
    ...(outcome === 'timeout'
      ? { firstSeconds: null, lastSeconds: null, lanBytes: null }
      : (() => {
          const phones = outcome.flatMap((w) => w.phones);
          const running = phones.map((p) => (p.runningAt - t0) / 1000).sort((a, b) => a - b);
          const lanBytes = phones.reduce((s, p) => s + Object.keys(p.parents).reduce((m, f) => m + (components.get(f) ?? 0), 0), 0);
          const roots = Object.fromEntries(published.files.map((f) => [f.name, phones.filter((p) => p.origins[f.name] === 'tftp-root').length]));
          return { firstSeconds: round(running[0] ?? NaN), lastSeconds: round(running[running.length - 1] ?? NaN), lanBytes, rootsPerFile: roots, timeline: timeline(phones, published.files, t0), workers: outcome.map(({ phones: _p, ...w }) => w) };
        })()),
  };
  const shape = { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale, sizeScale };
  const predicted = predict([{ subnet: 'branch', model: MODEL, phones: n, files: load!.load.files }], { bitsPerSecond: wan.mbit * 1e6, rttMs: wan.rttMs, lossPercent: wan.lossPercent }, shape, { ...CALIBRATED, configFileBytes: configBytes, manifestBytes });
  const p = mode === 'pfs' ? predicted.pfs : predicted.traditional;
  await shaper.close();
  await tftp.close();
  await rm(dir, { recursive: true, force: true });
  return { ...point, predictedAtRun: { seconds: round(p.seconds), wanBytes: p.wanBytes } };
}

const round = (s: number) => Math.round(s * 100) / 100;

/**
 * Where the run's time went, in seconds from power-on: when the phones began their upgrade
 * (config file read: the power-on storm), and per file when its first phone (its root) had
 * it, the median phone, and the last one; then the phones' reboot into the new load. The
 * model's terms (MODEL.md) side by side with what the twin did.
 */
function timeline(phones: WorkerPhone[], files: readonly { name: string }[], t0: number) {
  const spread = (xs: number[]) => {
    const s = xs.map((x) => (x - t0) / 1000).sort((a, b) => a - b);
    return { first: round(s[0] ?? NaN), median: round(s[Math.floor(s.length / 2)] ?? NaN), last: round(s[s.length - 1] ?? NaN) };
  };
  return {
    upgrading: spread(phones.map((p) => p.upgradingAt)),
    files: files.map((f) => ({ file: f.name, ...spread(phones.map((p) => p.obtainedAt[f.name] ?? NaN)) })),
    running: spread(phones.map((p) => p.runningAt)),
  };
}

for (const n of values.phones.split(',').map(Number)) {
  for (const wan of wans) {
    const sizeScale = values['size-scale'] === 'auto' ? autoSizeScale(n, realLoadBytes, wan.mbit * 1e6) : parseFraction(values['size-scale']);
    for (const mode of modes) {
      const started = performance.now();
      const point = await runPoint(n, wan, mode, sizeScale);
      await appendFile(values.out, `${JSON.stringify(point)}\n`);
      process.stderr.write(`${mode} N=${n} ${wan.mbit}M/${wan.rttMs}ms size x${sizeScale}: ${JSON.stringify(point)} (${Math.round((performance.now() - started) / 1000)} s)\n`);
    }
  }
}
