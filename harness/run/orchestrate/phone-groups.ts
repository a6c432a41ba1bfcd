// Phones grouped the way PFS groups them: one hierarchy per (subnet, model). Suites pick
// their phones from the lab by these groups, so that they run unchanged on any lab.
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';

export interface PhoneGroup {
  subnet: string;
  model: string;
  phones: LabPhone[];
}

export function phoneGroups(ctx: LabContext): PhoneGroup[] {
  const groups = new Map<string, PhoneGroup>();
  for (const p of ctx.phones) {
    const key = `${p.subnet}\u0000${p.model}`;
    const g = groups.get(key) ?? { subnet: p.subnet, model: p.model, phones: [] };
    g.phones.push(p);
    groups.set(key, g);
  }
  // Largest first; ties in lab order.
  return [...groups.values()].sort((a, b) => b.phones.length - a.phones.length);
}

/** The largest hierarchy of the lab: where trees are deepest and a relay is surest to exist. */
export function largestGroup(ctx: LabContext): PhoneGroup {
  const g = phoneGroups(ctx)[0];
  if (!g) throw new Error(`${ctx.lab.file} has no phones`);
  return g;
}

/**
 * The phone left with PFS off during the PFS upgrade: the last phone of the largest group,
 * when that group keeps at least two PFS phones beside it (else there is no tree to disturb).
 */
export function pfsOffWitness(ctx: LabContext): LabPhone | undefined {
  const g = largestGroup(ctx);
  return g.phones.length >= 3 ? g.phones[g.phones.length - 1] : undefined;
}

export function phonesOfModels(ctx: LabContext, models: readonly string[]): LabPhone[] {
  return ctx.phones.filter((p) => models.includes(p.model));
}
