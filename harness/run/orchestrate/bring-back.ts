// Before an upgrade, phones must run the lab's baseline load: the ones that already run the
// target are pointed back at the baseline and rebooted (with PFS on, the quickest way back),
// and the harness waits until they run it. The changes are journaled like any other.
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
  await pointPhones(ctx, onTarget, (p) => ({ load: baseline(p), pfs: 'Enabled' }));
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
