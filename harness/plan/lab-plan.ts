// The model applied to a loaded lab as a nightly run sees it: its groups, its WAN, its scales.
// Used by the traditional-vs-PFS suite (predicted curves with the run's measured points) and
// by the run's summary (the break-even number of phones over the lab's WAN).
import type { LoadedLab } from '../lab/load.ts';
import { scaleFactor } from '../lab/schema.ts';
import { CALIBRATED, PHONE_TFTP, PHONE_TIMERS } from './constants.ts';
import { groupsFromLab, wanFrom } from './inputs.ts';
import type { PhoneGroup, Prediction, RunShape, Wan } from './model.ts';
import { breakEvenPhones, predict } from './model.ts';

/** What the traditional-vs-PFS suite leaves in a run's evidence/ for the run's summary. */
export const PLAN_EVIDENCE_FILE = 'traditional-vs-pfs-model.json';

export interface LabPlan {
  groups: PhoneGroup[];
  wan: Wan;
  /** The lab as it runs (a virtual lab's timeScale and sizeScale). */
  asRun: RunShape;
  prediction: Prediction;
  /** The largest group's model: from how many phones per subnet PFS is at least as fast, real phones (null: never up to 100,000). */
  breakEvenReal: number | null;
  /** The same for the lab as it runs. */
  breakEvenAsRun: number | null;
  largest: PhoneGroup;
}

/** Real phones and loads: the phones' own TFTP, their timers unscaled, loads at full size. */
const REAL_SHAPE: RunShape = { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: 1, sizeScale: 1 };

/** The model's prediction for a lab as it runs (its groups, WAN and scales), or why there is none. */
export function labPrediction(lab: LoadedLab): Pick<LabPlan, 'groups' | 'wan' | 'asRun' | 'prediction'> | { none: string } {
  if (!lab.spec.wan) return { none: `${lab.file} has no wan: section` };
  let groups: PhoneGroup[];
  try {
    groups = groupsFromLab(lab).groups;
  } catch (e) {
    return { none: (e as Error).message };
  }
  const wan = wanFrom({}, lab);
  const asRun: RunShape = lab.spec.kind === 'virtual' ? { ...REAL_SHAPE, timeScale: lab.spec.timeScale ?? 1, sizeScale: scaleFactor(lab.spec.sizeScale) } : REAL_SHAPE;
  return { groups, wan, asRun, prediction: predict(groups, wan, asRun, CALIBRATED) };
}

/** The plan of a lab, or a reason why there is none (no wan: section, no phones behind it). */
export function planLab(lab: LoadedLab): LabPlan | { none: string } {
  const p = labPrediction(lab);
  if ('none' in p) return p;
  const largest = p.groups.reduce((a, b) => (b.phones > a.phones ? b : a));
  return {
    ...p,
    breakEvenReal: breakEvenPhones(largest, p.wan, REAL_SHAPE, CALIBRATED) ?? null,
    breakEvenAsRun: breakEvenPhones(largest, p.wan, p.asRun, CALIBRATED) ?? null,
    largest,
  };
}

/** The summary's line: the break-even over the lab's WAN, and the run's measured times against the model's. */
export function planSummaryLine(plan: LabPlan, measured?: { traditionalSeconds: number; pfsSeconds: number }): string {
  const w = `${plan.wan.bitsPerSecond / 1e6} Mbit/s, ${plan.wan.rttMs} ms`;
  const be = (n: number | null) => (n === null ? 'never (up to 100,000 phones)' : `from ${n} phones`);
  const scaled = plan.asRun.timeScale !== 1 || plan.asRun.sizeScale !== 1;
  const parts = [
    `plan (harness/plan/MODEL.md): over this lab's WAN (${w}) PFS is at least as fast as the traditional upgrade ${be(plan.breakEvenReal)} of ${plan.largest.model} per subnet with real phones and loads${scaled ? `, ${be(plan.breakEvenAsRun)} as this virtual lab runs (timers x${plan.asRun.timeScale}, sizes x${plan.asRun.sizeScale})` : ''}`,
  ];
  const t = plan.prediction.traditional.seconds;
  const p = plan.prediction.pfs.seconds;
  const err = (m: number, q: number) => `${(((q - m) / m) * 100).toFixed(0)} %`;
  parts.push(
    measured
      ? `this run: traditional ${measured.traditionalSeconds.toFixed(1)} s measured / ${t.toFixed(1)} s predicted (${err(measured.traditionalSeconds, t)}), PFS ${measured.pfsSeconds.toFixed(1)} s / ${p.toFixed(1)} s (${err(measured.pfsSeconds, p)})`
      : `predicted for this lab: traditional ${t.toFixed(1)} s, PFS ${p.toFixed(1)} s (no measured upgrade in this run)`,
  );
  return parts.join('; ');
}
