// `pfslab plan`: predicts a branch's firmware upgrade, traditional and with PFS, from the model
// in harness/plan (MODEL.md): time to the last phone, WAN bytes, the break-even number of
// phones for the WAN, and a chart. Input: a lab description, or --phones/--model; the WAN from
// the flags (or the lab's wan:). Exit 0 planned, 2 bad input (the message says which option
// or field and what was expected).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from './analyze.ts';
import type { LoadedLab } from '../../lab/load.ts';
import { PFSLAB_ROOT } from '../../lab/repo-paths.ts';
import { CALIBRATED, PHONE_TFTP, PHONE_TIMERS } from '../../plan/constants.ts';
import { CURVE_HORIZON_S } from '../../plan/curves.ts';
import { PlanInputError, groupFromFlags, groupsFromLab, wanFrom } from '../../plan/inputs.ts';
import type { MethodPrediction, PhoneGroup, RunShape, Wan } from '../../plan/model.ts';
import { breakEvenPhones, predict, wanOverflow } from '../../plan/model.ts';

export interface PlanOptions {
  lab?: string;
  phones?: string;
  model?: string;
  wanMbit?: string;
  rttMs?: string;
  lossPct?: string;
  json?: boolean;
  svg?: string;
  /** A virtual lab as it runs (its timeScale and sizeScale) instead of the real phones it stands for. */
  asRun?: boolean;
}

const EXIT_OK = 0;
const EXIT_BAD_INPUT = 2;

export async function runPlan(opts: PlanOptions, io: Io): Promise<number> {
  try {
    return await plan(opts, io);
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw e;
    io.err(`pfslab plan: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
}

async function loadLabFile(file: string): Promise<LoadedLab> {
  const { loadLab, LabError } = await import('../../lab/index.ts');
  try {
    return await loadLab(file);
  } catch (e) {
    if (e instanceof LabError) throw new PlanInputError(e.message);
    throw e;
  }
}

async function plan(opts: PlanOptions, io: Io): Promise<number> {
  if (opts.lab !== undefined && (opts.phones !== undefined || opts.model !== undefined)) throw new PlanInputError('give --lab FILE, or --phones N --model M, not both');
  if (opts.lab === undefined && (opts.phones === undefined || opts.model === undefined)) {
    throw new PlanInputError(opts.phones === undefined && opts.model === undefined ? 'what to plan for: --lab FILE, or --phones N --model M (e.g. --phones 1000 --model CP-7961G)' : `--phones and --model go together (missing ${opts.phones === undefined ? '--phones' : '--model'})`);
  }
  let groups: PhoneGroup[];
  let notes: string[] = [];
  let wan: Wan;
  let shape: RunShape = { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: 1, sizeScale: 1 };
  let branch: string;
  if (opts.lab !== undefined) {
    const lab = await loadLabFile(opts.lab);
    ({ groups, notes } = groupsFromLab(lab));
    wan = wanFrom(opts, lab);
    branch = lab.spec.name;
    if (opts.asRun) {
      if (lab.spec.kind !== 'virtual') throw new PlanInputError(`--as-run: ${opts.lab} is a real lab; it runs in real time at real sizes`);
      const { scaleFactor } = await import('../../lab/index.ts');
      shape = { ...shape, timeScale: lab.spec.timeScale ?? 1, sizeScale: scaleFactor(lab.spec.sizeScale) };
    }
  } else {
    if (opts.asRun) throw new PlanInputError('--as-run needs --lab (a virtual lab\'s timeScale and sizeScale)');
    // The loads' real sizes for a model come from the package's own lab (pfs-reference §4's table).
    const loadsLab = await loadLabFile(path.join(PFSLAB_ROOT, 'labs', 'virtual.yaml'));
    groups = [groupFromFlags(opts.phones ?? '', opts.model ?? '', loadsLab)];
    wan = wanFrom(opts);
    branch = `${groups[0]?.phones ?? 0} x ${groups[0]?.model ?? ''}`;
  }
  const k = CALIBRATED;
  const prediction = predict(groups, wan, shape, k);
  // The same with a WAN queue that never overflows: every block sent is a block delivered. No
  // phone and no TFTP server can do better; the give-up law's figure depends on the twin's
  // timeouts (MODEL.md), this one on nothing but the WAN.
  const roomy = predict(groups, wan, shape, { ...k, wanQueueS: 1e9 });
  const total = groups.reduce((n, g) => n + g.phones, 0);
  const over = prediction.traditional.overflow;
  const breakEven = groups.map((g) => breakEvenPhones(g, wan, shape, k));
  const largest = groups.reduce((a, b, i) => (b.phones > (groups[a]?.phones ?? 0) ? i : a), 0);
  const result = {
    branch,
    wan: { mbit: wan.bitsPerSecond / 1e6, rttMs: wan.rttMs, lossPercent: wan.lossPercent },
    tftp: { blockSize: shape.blockSize, windowSize: shape.windowSize },
    scale: { time: shape.timeScale, size: shape.sizeScale },
    traditional: {
      ...figures(prediction.traditional),
      // Past the overflow: `seconds` is the give-up law's lower bound (null: the law says the reads never complete).
      ...(over
        ? {
            wanOverflow: {
              ratio: round(over.ratio),
              secondsIsLowerBound: over.secondsIsLowerBound,
              dropShare: round(over.dropShare),
              restartsPerFile: finite(over.restartsPerFile),
              usefulShare: over.usefulShare,
              // The law with resent blocks dropped more often than first sendings, as the twin's were (one fitted constant, MODEL.md).
              estimateSeconds: finite(over.estimateSeconds),
              abandonAfterS: (k.tftpRetries + 1) * k.tftpTimeoutS,
              queueS: k.wanQueueS,
              secondsIfQueueHoldsAll: round(roomy.traditional.seconds),
            },
          }
        : {}),
    },
    pfs: figures(prediction.pfs),
    /** For the largest group's model: the phones per subnet from which PFS is at least as fast (null: never up to 100,000). */
    breakEvenPhones: breakEven[largest] ?? null,
    groups: prediction.groups.map((g, i) => ({
      subnet: g.group.subnet,
      model: g.group.model,
      phones: g.group.phones,
      loadBytes: g.group.files.reduce((n, f) => n + f.size, 0),
      treeDepth: g.treeDepth,
      traditional: figures(g.traditional),
      pfs: figures(g.pfs),
      breakEvenPhones: breakEven[i] ?? null,
    })),
    notes,
  };
  if (opts.svg !== undefined) {
    const { renderCurvesSvg } = await import('../../plan/chart.ts');
    const { curves } = await import('../../plan/curves.ts');
    const title = `${branch}: ${fmtMbit(wan.bitsPerSecond)} Mbit/s, ${wan.rttMs} ms RTT${wan.lossPercent ? `, ${wan.lossPercent} % loss` : ''}`;
    const drawn = curves(groups, wan, shape, k, total * 3);
    // Where the traditional curve is the give-up law's lower bound (past the WAN's overflow), the chart says so.
    const from = firstOverflow(drawn.map((c) => c.phones), wan, shape);
    const note = from === undefined ? undefined : `traditional from ~${from} phones: a lower bound (the WAN overflows), cut at a week`;
    const svg = await renderCurvesSvg([{ title, curves: drawn, mark: { phones: total, label: `this branch: ${total} phones` }, ...(note ? { note } : {}) }]);
    try {
      await writeFile(opts.svg, svg);
    } catch (e) {
      throw new PlanInputError(`--svg ${opts.svg}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  io.out(opts.json ? `${JSON.stringify(result, null, 2)}\n` : renderText(result, prediction.groups.length));
  return EXIT_OK;
}

/** The fewest phones whose blocks overflow what the WAN holds, between the chart's smallest and largest. */
function firstOverflow(phones: number[], wan: Wan, shape: RunShape): number | undefined {
  const top = Math.max(...phones);
  let n = Math.max(1, Math.min(...phones));
  while (n <= top && wanOverflow(n, wan, shape, CALIBRATED) <= 1) n += 1;
  return n <= top ? n : undefined;
}

function figures(m: MethodPrediction) {
  return { seconds: finite(m.seconds), ...(m.overflow ? { secondsIsLowerBound: true } : {}), wanBytes: m.wanBytes, firstSeconds: finite(m.firstSeconds), lanBytes: m.lanBytes, peakWanMbit: round(m.peakWanBitsPerSecond / 1e6) };
}

const round = (v: number) => Math.round(v * 100) / 100;
/** JSON has no infinity: a time the model says is never reached is null. */
const finite = (v: number): number | null => (Number.isFinite(v) ? round(v) : null);
/** Beyond a week a predicted upgrade fits no maintenance window: the text says so instead of a number (and the chart's curve ends). */
const NEVER_S = CURVE_HORIZON_S;
const fmtMbit = (bits: number) => String(round(bits / 1e6));
const bytes = (n: number) => n.toLocaleString('en-US');

/** 42 s, 12 min 5 s, 3 h 20 min; a time past a week (or none: null) as "over a week". */
export function duration(s: number | null): string {
  if (s === null || s >= NEVER_S) return 'over a week';
  if (s < 120) return `${s.toFixed(1)} s`;
  if (s < 7200) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

type Result = { branch: string; wan: { mbit: number; rttMs: number; lossPercent: number }; scale: { time: number; size: number }; traditional: ReturnType<typeof figures> & { wanOverflow?: { ratio: number; dropShare: number; restartsPerFile: number | null; usefulShare: number; estimateSeconds: number | null; abandonAfterS: number; queueS: number; secondsIfQueueHoldsAll: number } }; pfs: ReturnType<typeof figures>; breakEvenPhones: number | null; groups: { subnet: string; model: string; phones: number; treeDepth: number; traditional: ReturnType<typeof figures>; pfs: ReturnType<typeof figures>; breakEvenPhones: number | null }[]; notes: string[] };

function renderText(r: Result, groupCount: number): string {
  const lines = [
    `Upgrade plan for ${r.branch}: WAN ${r.wan.mbit} Mbit/s, ${r.wan.rttMs} ms RTT, ${r.wan.lossPercent} % loss; phones' TFTP blksize 1428, lock-step${r.scale.time !== 1 || r.scale.size !== 1 ? `; as the virtual lab runs: timers x${r.scale.time}, sizes x${r.scale.size}` : ''}`,
    '',
  ];
  const rows = [['subnet', 'model', 'phones', 'traditional: last phone', 'WAN bytes', 'PFS: last phone', 'WAN bytes', 'tree depth', 'PFS faster from']];
  const atLeast = (f: { seconds: number | null; secondsIsLowerBound?: boolean }) => `${f.secondsIsLowerBound && f.seconds !== null && f.seconds < NEVER_S ? 'at least ' : ''}${duration(f.seconds)}`;
  for (const g of r.groups) rows.push([g.subnet, g.model, String(g.phones), atLeast(g.traditional), bytes(g.traditional.wanBytes), duration(g.pfs.seconds), bytes(g.pfs.wanBytes), String(g.treeDepth), g.breakEvenPhones === null ? 'never' : `${g.breakEvenPhones} phones`]);
  if (groupCount > 1) rows.push(['all', '', String(r.groups.reduce((n, g) => n + g.phones, 0)), atLeast(r.traditional), bytes(r.traditional.wanBytes), duration(r.pfs.seconds), bytes(r.pfs.wanBytes), '', '']);
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  for (const row of rows) lines.push(row.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
  lines.push('');
  const [pfsS, tradS] = [r.pfs.seconds ?? Infinity, r.traditional.seconds ?? Infinity];
  const faster = pfsS < tradS ? 'PFS' : 'traditional';
  const at = (s: number) => (s === tradS ? atLeast(r.traditional) : duration(s));
  lines.push(`Faster here: ${faster} (${at(Math.min(pfsS, tradS))} against ${at(Math.max(pfsS, tradS))}); PFS moves ${r.traditional.wanBytes > 0 ? (r.traditional.wanBytes / Math.max(1, r.pfs.wanBytes)).toFixed(1) : '-'}x fewer bytes over the WAN.`);
  lines.push(
    r.breakEvenPhones === null
      ? 'Break-even: over this WAN PFS is not faster up to 100,000 phones of one model in one subnet (it still saves WAN bytes).'
      : `Break-even: over this WAN PFS is at least as fast from ${r.breakEvenPhones} phones of one model in one subnet.`,
  );
  const o = r.traditional.wanOverflow;
  if (o) {
    const never = r.traditional.seconds === null || r.traditional.seconds >= NEVER_S;
    const restarts = never ? 'far more often than it can complete it' : `${(o.restartsPerFile ?? 0).toFixed(1)} times per file on average`;
    lines.push(
      `Traditional is a LOWER BOUND here${never ? ', and by that bound it never finishes' : ''}: the phones' blocks in flight are ${o.ratio}x what the WAN holds with a ${o.queueS * 1000} ms queue, so the queue drops ${(o.dropShare * 100).toFixed(0)} % of the blocks sent, and a phone that misses a block for ${o.abandonAfterS} s abandons the read and begins the file again (${restarts}; the twin's TFTP timeouts, real phones' are not public). The twin took longer than this law at every such point measured; with resent blocks dropped ${CALIBRATED.resendDropFactor}x as often as first ones, as the twin's were, the estimate is ${duration(o.estimateSeconds)} (MODEL.md, "Past the WAN's overflow"). With a queue that never overflows it would be ${duration(o.secondsIfQueueHoldsAll)}: no phone does better.`,
    );
  }
  lines.push('Peak WAN load: traditional ' + `${r.traditional.peakWanMbit} Mbit/s, PFS ${r.pfs.peakWanMbit} Mbit/s (the busiest second; with PFS the phones' config files at power-on).`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('Model and its limits: harness/plan/MODEL.md.');
  return `${lines.join('\n')}\n`;
}
