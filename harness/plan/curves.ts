// Time against phones for a branch: the branch's groups grown or shrunk in proportion (the
// same mix of models and subnets), both methods at each size. One function for `pfslab plan
// --svg` and the nightly's chart, so both draw the same curves.
import type { CurvePoint } from './chart.ts';
import type { PlanConstants } from './constants.ts';
import type { PhoneGroup, RunShape, Wan } from './model.ts';
import { predict } from './model.ts';

/** The groups resized to about `total` phones, each keeping its share (and at least one phone). */
export function resizeGroups(groups: readonly PhoneGroup[], total: number): PhoneGroup[] {
  const now = groups.reduce((n, g) => n + g.phones, 0);
  return groups.map((g) => ({ ...g, phones: Math.max(1, Math.round((g.phones * total) / now)) }));
}

/** Phone counts from 1 to at least `upTo` (and 1,000), 1-1.5-2-3-5-7 per decade. */
export function phoneSteps(upTo: number): number[] {
  const top = Math.max(1000, upTo);
  const steps: number[] = [];
  for (let decade = 1; decade <= top; decade *= 10) for (const m of [1, 1.5, 2, 3, 5, 7]) if (decade * m <= top * 1.5) steps.push(Math.round(decade * m));
  return [...new Set(steps)].sort((a, b) => a - b);
}

/**
 * Past a week a predicted upgrade says only "never in a maintenance window" (the traditional
 * upgrade's lower bound past the WAN's overflow grows without limit: MODEL.md): a curve ends there.
 */
export const CURVE_HORIZON_S = 7 * 24 * 3600;

export function curves(groups: readonly PhoneGroup[], wan: Wan, shape: RunShape, k: PlanConstants, upTo: number): CurvePoint[] {
  return phoneSteps(upTo).flatMap((n) => {
    const resized = resizeGroups(groups, n);
    const phones = resized.reduce((s, g) => s + g.phones, 0);
    const p = predict(resized, wan, shape, k);
    return [
      { method: 'traditional' as const, phones, seconds: p.traditional.seconds },
      { method: 'PFS' as const, phones, seconds: p.pfs.seconds },
    ].filter((c) => c.seconds < CURVE_HORIZON_S);
  });
}
