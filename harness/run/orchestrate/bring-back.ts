// Before an upgrade, phones must run the lab's baseline load: the ones that already run the
// target are pointed back at the baseline and rebooted, with PFS on or off, whichever the plan
// model (harness/plan) predicts quicker for them over the lab's WAN, and the harness waits
// until they run it. The changes are journaled like any other.
import type { LoadedLab } from '../../lab/load.ts';
import { labPrediction } from '../../plan/lab-plan.ts';
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';
import { runsLoad } from '../../../drivers/phone/index.ts';
import { upgradeDeadline } from './deadline.ts';
import { baselineLoadOf, LoadPlanError, targetLoadOf } from './loads-of.ts';
import { progressLine } from './progress.ts';
import { pointPhones } from './set-phones.ts';
import { rebootPhones } from './trigger.ts';
import { waitForLoads } from './wait-loads.ts';

export class BringBackError extends Error {
  override name = 'BringBackError';
}

export async function bringBackToBaseline(ctx: LabContext, phones: readonly LabPhone[], label: string): Promise<LabPhone[]> {
  const onTarget: LabPhone[] = [];
  await Promise.all(
    phones.map(async (p) => {
      const info = await p.web?.deviceInformation().catch(() => undefined);
      if (info && runsLoad(info, targetLoadOf(ctx.lab, p.model))) onTarget.push(p);
    }),
  );
  if (onTarget.length === 0) return [];
  const baseline = (p: LabPhone): string => {
    const b = baselineLoadOf(ctx.lab, p.model);
    if (b === undefined) {
      throw new LoadPlanError(`${p.name} already runs the target load of ${p.model} and ${ctx.lab.file} gives no baseline for it (loads[].baseline): there is nothing to upgrade from`);
    }
    return b;
  };
  const way = quickestWayBack(ctx.lab, onTarget);
  ctx.log(`${label}: back to the baseline with PFS ${way.pfs === 'Enabled' ? 'on' : 'off'} (${way.why})`);
  await pointPhones(ctx, onTarget, (p) => ({ load: baseline(p), pfs: way.pfs }));
  const since = Date.now();
  const estimate = upgradeDeadline(ctx, onTarget, baseline);
  await rebootPhones(ctx, onTarget);
  const outcomes = await waitForLoads(onTarget, baseline, { since, deadline: since + estimate.ms, progress: progressLine(`${label}: back to the baseline`, 'the baseline load') });
  const missed = outcomes.filter((o) => !o.reached);
  if (missed.length > 0) {
    throw new BringBackError(
      `${label}: ${missed.length} phone(s) did not return to the baseline load within ${Math.round(estimate.ms / 1000)} s (${estimate.reason}): ` +
        missed.map((m) => `${m.phone} ${m.lastSeen ?? ''}`).join('; '),
    );
  }
  return onTarget;
}

/**
 * PFS on or off for the way back: a few phones per subnet download faster each on its own
 * (PFS waits out its election per file), many faster through PFS; the model of `pfslab plan`
 * says which for these phones, over this lab's WAN, as it runs (with the target load's files:
 * the baseline's are alike). The way back is no evidence, only time: with no WAN in the lab
 * file to predict with, PFS on.
 */
export function quickestWayBack(lab: LoadedLab, phones: readonly { name: string }[]): { pfs: 'Enabled' | 'Disabled'; why: string } {
  const names = new Set(phones.map((p) => p.name.toUpperCase()));
  const plan = labPrediction({ ...lab, spec: { ...lab.spec, phones: lab.spec.phones.filter((p) => names.has(p.name.toUpperCase())) } });
  if ('none' in plan) return { pfs: 'Enabled', why: `no prediction: ${plan.none}` };
  const { traditional, pfs } = plan.prediction;
  // Past the WAN's overflow the model's traditional time is only a lower bound: compare its
  // estimate instead, and say which figure it is (an endless read is "never", not "Infinity s").
  const withoutPfs = traditional.overflow ? traditional.overflow.estimateSeconds : traditional.seconds;
  const without = traditional.overflow ? `at least ${seconds(traditional.seconds)} (estimate ${seconds(withoutPfs)}; the WAN overflows)` : seconds(withoutPfs);
  const said = `the plan model predicts ${without} without PFS, ${seconds(pfs.seconds)} with it`;
  return withoutPfs < pfs.seconds ? { pfs: 'Disabled', why: said } : { pfs: 'Enabled', why: said };
}

function seconds(s: number): string {
  return Number.isFinite(s) ? `${s.toFixed(0)} s` : 'never';
}
