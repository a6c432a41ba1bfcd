// Turns the sweep's results (sweep.ts's JSON lines) into BENCHMARKS.md's table and its chart:
// per point the measured times and bytes, the model's prediction for that same run (same WAN,
// timeScale, sizeScale) with the error, and the model's figure for real sizes and timers.
// Points of the grid that have no measurement are listed as "predicted only".
//   npx tsx bench/plan/report.ts [--in bench/plan/sweep-results.jsonl] [--svg benchmarks-pfs-sweep.svg]
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadLab } from '../../harness/lab/index.ts';
import type { ChartPanel, CurvePoint } from '../../harness/plan/chart.ts';
import { renderCurvesSvg } from '../../harness/plan/chart.ts';
import { CALIBRATED, PHONE_TFTP, PHONE_TIMERS } from '../../harness/plan/constants.ts';
import { CURVE_HORIZON_S, curves } from '../../harness/plan/curves.ts';
import { predict, wanOverflow } from '../../harness/plan/model.ts';
import { autoSizeScale } from './size-scale.ts';

const { values } = parseArgs({ options: { in: { type: 'string', default: 'bench/plan/sweep-results.jsonl' }, svg: { type: 'string', default: 'benchmarks-pfs-sweep.svg' } } });

interface Point {
  mode: 'pfs' | 'tftp';
  phones: number;
  wan: { mbit: number; rttMs: number; lossPercent: number };
  timeScale: number;
  sizeScale: number;
  configBytes: number;
  manifestBytes: number;
  finished: boolean;
  firstSeconds: number | null;
  lastSeconds: number | null;
  wanFirmwareBytesUnique: number;
  wanFirmwareBytesSent: number;
  lanBytes: number | null;
  peakWanBitsPerSecond: number;
  wanQueueDrops: number;
  wanWireBytesDown: number;
  maxSeconds?: number;
}

const points = (await readFile(values.in, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Point);
const lab = await loadLab('labs/virtual.yaml');
const files = lab.loads.find((l) => l.models.includes('CP-7961G'))?.load.files ?? [];
const group = (n: number) => [{ subnet: 'branch', model: 'CP-7961G', phones: n, files }];
const k = (p: Point) => ({ ...CALIBRATED, configFileBytes: p.configBytes, manifestBytes: p.manifestBytes });
const wanOf = (p: Point) => ({ bitsPerSecond: p.wan.mbit * 1e6, rttMs: p.wan.rttMs, lossPercent: p.wan.lossPercent });
const real = { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: 1, sizeScale: 1 };
const method = (p: Point) => (p.mode === 'pfs' ? 'pfs' : 'traditional');

const fmt = (n: number) => n.toLocaleString('en-US');
/** Past a week the give-up law's figure (up to infinite: reads abandoned faster than they complete) says only: never in a maintenance window. */
const WEEK_S = CURVE_HORIZON_S;
const dur = (s: number) => (s >= WEEK_S ? 'over a week' : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
/** A prediction's time, "at least" where the WAN overflows (the give-up law's lower bound). */
const bound = (m: { seconds: number; overflow?: { estimateSeconds: number } }, digits = 1) =>
  m.overflow ? (m.seconds >= WEEK_S ? 'over a week' : `at least ${m.seconds.toFixed(digits)} s; estimate ${m.overflow.estimateSeconds >= WEEK_S ? 'over a week' : `${m.overflow.estimateSeconds.toFixed(digits)} s`}`) : `${m.seconds.toFixed(digits)} s`;
const rows: string[] = [
  '| WAN | phones | method | sizes x | first / last phone, measured | last, predicted | error | WAN firmware bytes: measured (sent incl. retransmissions) / predicted | LAN bytes (phone to phone) | peak WAN load, measured / predicted | real sizes and timers: predicted |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
// Every run of a point is a row of its own: a point measured twice shows both.
const measuredByKey = new Map<string, Point[]>();
for (const p of points) {
  const key = `${p.wan.mbit}/${p.wan.rttMs}/${p.phones}/${p.mode}`;
  measuredByKey.set(key, [...(measuredByKey.get(key) ?? []), p]);
}
const wans = [...new Map(points.map((p) => [`${p.wan.mbit}/${p.wan.rttMs}`, p.wan])).values()];
const grid = [10, 30, 100, 300, 1000];
const errors: number[] = [];
/** Measured points past the overflow, against the give-up law's lower bound: [measured or limit, bound, finished]. */
const bounds: { measured: number; bound: number; finished: boolean; estimateError?: number }[] = [];

/**
 * Why a point of the grid has no measurement. Traditional past the WAN's overflow (the
 * phones' blocks exceed what the WAN holds: a round trip plus its 500 ms queue), the twin's
 * phones give up reads and start files again (MODEL.md, the give-up law); the law's lower
 * bound for the run at the bench's sizes is past its limit, and the twin was slower still at
 * every such point measured.
 */
function whyNotMeasured(n: number, wan: { mbit: number; rttMs: number }, mode: 'tftp' | 'pfs'): string {
  const w = { bitsPerSecond: wan.mbit * 1e6, rttMs: wan.rttMs, lossPercent: 0 };
  const overflow = wanOverflow(n, w, PHONE_TFTP, CALIBRATED);
  if (mode === 'tftp' && overflow > 1) {
    const sizeScale = autoSizeScale(n, files.reduce((s, f) => s + f.size, 0), w.bitsPerSecond);
    const run = predict(group(n), w, { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: 0.25, sizeScale }, CALIBRATED).traditional;
    return `the phones' blocks are ${overflow.toFixed(1)}x what the WAN holds: the queue drops ${((run.overflow?.dropShare ?? 0) * 100).toFixed(0)} % of the blocks sent and the phones abandon reads and begin files again (${(run.overflow?.restartsPerFile ?? 0).toFixed(0)} times per file); even at sizes x1/${Math.round(1 / sizeScale)} the give-up law's lower bound is ${dur(run.seconds)}, past the bench's 15-minute limit`;
  }
  return 'not run yet';
}
for (const wan of wans) {
  for (const n of grid) {
    for (const mode of ['tftp', 'pfs'] as const) {
      const runs = measuredByKey.get(`${wan.mbit}/${wan.rttMs}/${n}/${mode}`) ?? [];
      const label = `${wan.mbit} Mbit/s, ${wan.rttMs} ms`;
      const m = mode === 'pfs' ? 'PFS' : 'traditional';
      const realPrediction = predict(group(n), { bitsPerSecond: wan.mbit * 1e6, rttMs: wan.rttMs, lossPercent: wan.lossPercent }, real, CALIBRATED)[mode === 'pfs' ? 'pfs' : 'traditional'];
      const realCell = `${realPrediction.overflow && realPrediction.seconds < WEEK_S ? 'at least ' : ''}${dur(realPrediction.seconds)}, ${fmt(realPrediction.wanBytes)} B`;
      if (runs.length === 0) rows.push(`| ${label} | ${fmt(n)} | ${m} | - | predicted only: ${whyNotMeasured(n, wan, mode)} | - | - | - | - | - | ${realCell} |`);
      for (const p of runs) {
        if (!p.finished || p.lastSeconds === null) {
          // No time to compare: what the run delivered before the bench's limit, and whether the model also says it takes longer.
          const run = predict(group(n), wanOf(p), { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: p.timeScale, sizeScale: p.sizeScale }, k(p))[method(p)];
          const limit = p.maxSeconds ?? 480;
          const useful = (p.wanFirmwareBytesUnique * 8) / (limit * p.wan.mbit * 1e6);
          // Past the overflow the law gives a lower bound: a run past the limit is consistent with any bound.
          const verdict = run.overflow ? `lower bound: consistent (the run took over ${limit} s); estimate ${run.overflow.estimateSeconds > limit ? 'agrees: over the limit' : '**says it would finish**'}` : run.seconds > limit ? 'agrees: over the limit' : '**model says it would finish**';
          if (run.overflow) bounds.push({ measured: limit, bound: run.seconds, finished: false });
          rows.push(
            `| ${label} | ${fmt(n)} | ${m} | 1/${Math.round(1 / p.sizeScale)} | **not finished in ${limit} s** (${fmt(p.wanFirmwareBytesUnique)} of ${fmt(run.wanBytes)} B delivered; ${fmt(p.wanQueueDrops)} queue drops; new bytes ${(useful * 100).toFixed(0)} % of the link) | ${bound(run, 0)} | ${verdict} | sent incl. retransmissions ${fmt(p.wanFirmwareBytesSent)} | - | ${(p.peakWanBitsPerSecond / 1e6).toFixed(2)} / ${(run.peakWanBitsPerSecond / 1e6).toFixed(2)} Mbit/s | ${realCell} |`,
          );
          continue;
        }
        const run = predict(group(n), wanOf(p), { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: p.timeScale, sizeScale: p.sizeScale }, k(p))[method(p)];
        const err = (run.seconds - p.lastSeconds) / p.lastSeconds;
        // Past the overflow the law is a lower bound: the row says whether it held, and the error is not an estimate's.
        const estimateError = run.overflow ? (run.overflow.estimateSeconds - p.lastSeconds) / p.lastSeconds : 0;
        if (run.overflow) bounds.push({ measured: p.lastSeconds, bound: run.seconds, finished: true, estimateError });
        else errors.push(Math.abs(err));
        const pct = (e: number) => `${(e * 100).toFixed(1)} %${Math.abs(e) > 0.2 ? ' **(over 20 %)**' : ''}`;
        const errCell = run.overflow ? `${run.seconds <= p.lastSeconds ? 'lower bound holds' : '**lower bound broken**'} (${(err * 100).toFixed(1)} %); estimate ${pct(estimateError)}` : pct(err);
        const bytesOk = run.wanBytes === p.wanFirmwareBytesUnique ? 'exact' : 'DIFFERS';
        rows.push(
          `| ${label} | ${fmt(n)} | ${m} | 1/${Math.round(1 / p.sizeScale)} | ${p.firstSeconds?.toFixed(1)} / ${p.lastSeconds.toFixed(1)} s | ${bound(run)} | ${errCell} | ${fmt(p.wanFirmwareBytesUnique)} (${fmt(p.wanFirmwareBytesSent)}) / ${fmt(run.wanBytes)}: ${bytesOk} | ${fmt(p.lanBytes ?? 0)} | ${(p.peakWanBitsPerSecond / 1e6).toFixed(2)} / ${(run.peakWanBitsPerSecond / 1e6).toFixed(2)} Mbit/s | ${realCell} |`,
        );
      }
    }
  }
}
const finishedPast = bounds.filter((b) => b.finished);
const held = finishedPast.filter((b) => b.bound <= b.measured).length;
process.stdout.write(
  `${rows.join('\n')}\n\nMeasured points below the WAN's overflow: ${errors.length}; largest time error ${(Math.max(0, ...errors) * 100).toFixed(1)} %, mean ${((errors.reduce((a, b) => a + b, 0) / Math.max(1, errors.length)) * 100).toFixed(1)} %. ` +
    `Past it (traditional): ${bounds.length} measured; the give-up law's lower bound held at ${held} of the ${finishedPast.length} that finished, and the ${bounds.length - finishedPast.length} stopped at the bench's limit cannot contradict it; its estimate (resent blocks dropped ${CALIBRATED.resendDropFactor}x as often, fitted to one of them) is within ${(Math.max(0, ...finishedPast.map((b) => Math.abs(b.estimateError ?? 0))) * 100).toFixed(1)} % of the finished ones.\n`,
);

// The chart: per WAN, the model's curves at real sizes and timers, and each measured point
// carried over to real sizes and timers by the model's own ratio (real prediction / run's prediction).
const panels: ChartPanel[] = wans.map((wan) => {
  const w = { bitsPerSecond: wan.mbit * 1e6, rttMs: wan.rttMs, lossPercent: wan.lossPercent };
  // A traditional point past the overflow is not carried to real sizes: there the law's bound
  // grows with the file's blocks faster than any ratio of the two predictions says (MODEL.md).
  const measured: CurvePoint[] = points
    .filter((p) => p.wan.mbit === wan.mbit && p.wan.rttMs === wan.rttMs && p.finished && p.lastSeconds !== null)
    .filter((p) => p.mode === 'pfs' || !predict(group(p.phones), wanOf(p), { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: p.timeScale, sizeScale: p.sizeScale }, k(p)).traditional.overflow)
    .map((p) => {
      const run = predict(group(p.phones), wanOf(p), { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: p.timeScale, sizeScale: p.sizeScale }, k(p))[method(p)];
      const realP = predict(group(p.phones), w, real, CALIBRATED)[method(p)];
      return { method: p.mode === 'pfs' ? 'PFS' : 'traditional', phones: p.phones, seconds: ((p.lastSeconds ?? 0) * realP.seconds) / run.seconds };
    });
  // (The traditional curve ends where the give-up law's bound passes a week: curves.ts.)
  return { title: `${wan.mbit} Mbit/s, ${wan.rttMs} ms RTT`, curves: curves(group(10), w, real, CALIBRATED, 1000), measured };
});
await writeFile(values.svg, await renderCurvesSvg(panels, '7961s in one subnet, SCCP41 (8.1 MB): model lines (traditional past the WAN\'s overflow: a lower bound, cut at a week); sweep dots (scaled runs carried to real time)'));
