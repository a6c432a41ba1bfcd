// Makes a set of phones boot now: a power cycle through their PoE port where the lab says
// where they are plugged (all at once, as PFS works best), a reset from CUCM otherwise.
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';

export async function rebootPhones(ctx: LabContext, phones: readonly LabPhone[]): Promise<void> {
  const powered = phones.filter((p) => p.spec.port !== undefined);
  const others = phones.filter((p) => p.spec.port === undefined);
  await Promise.all([
    powered.length > 0 ? ctx.poe.cycleMany(powered.map((p) => p.name), { holdMs: 1000 }) : Promise.resolve([]),
    ...others.map((p) => ctx.cucm.reset(p.name)),
  ]);
}
