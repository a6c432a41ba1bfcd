// Resolving a selectors.ts Target on a page: each way it lists, in order, until one matches
// exactly one element. The probe uses the same function, so what it reports is what the
// driver will do.

import type { Locator, Page } from 'playwright-core';
import type { Target } from '../selectors.ts';

export type Resolution =
  | { state: 'found'; locator: Locator; how: string }
  | { state: 'ambiguous'; how: string; count: number }
  | { state: 'missing' };

function candidates(page: Page, t: Target): [string, Locator][] {
  const out: [string, Locator][] = [];
  if (t.label !== undefined) out.push([`label "${t.label}"`, page.getByLabel(t.label, { exact: true })]);
  if (t.role !== undefined) {
    const opts = t.role.name === undefined ? {} : { name: t.role.name, exact: true };
    out.push([`role ${t.role.role}${t.role.name ? ` "${t.role.name}"` : ''}`, page.getByRole(t.role.role, opts)]);
  }
  if (t.text !== undefined) out.push([`text "${t.text}"`, page.getByText(t.text, { exact: true })]);
  if (t.inRow !== undefined) {
    const r = t.inRow;
    const has = r.rowLabel !== undefined ? page.getByLabel(r.rowLabel, { exact: true }) : page.getByRole('cell', { name: r.rowHeader ?? '', exact: true });
    const row = page.getByRole('row').filter({ has });
    const inner = row.getByRole(r.role, r.name === undefined ? {} : { name: r.name, exact: true });
    out.push([`${r.role} in the row of "${r.rowLabel ?? r.rowHeader ?? ''}"`, r.cell === undefined ? inner : inner.nth(r.cell)]);
  }
  if (t.css !== undefined) out.push([`css ${t.css}`, page.locator(t.css)]);
  return out;
}

export async function resolveTarget(page: Page, t: Target): Promise<Resolution> {
  let ambiguous: Resolution | undefined;
  for (const [how, locator] of candidates(page, t)) {
    const count = await locator.count();
    if (count === 1) return { state: 'found', locator, how };
    if (count > 1) ambiguous ??= { state: 'ambiguous', how, count };
  }
  return ambiguous ?? { state: 'missing' };
}
