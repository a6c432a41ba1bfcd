// Resolving a selectors.ts Target on a page: each way it lists, in order, until one matches
// exactly one element. The probe uses the same function, so what it reports is what the
// driver will do.

import type { Locator, Page } from 'playwright-core';
import type { Target } from '../selectors.ts';

export type Resolution =
  | { state: 'found'; locator: Locator; how: string }
  | { state: 'ambiguous'; how: string; count: number }
  | { state: 'missing' };

/** An XPath string literal for any text (concat() when it holds both quote kinds). */
function xpathLiteral(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!s.includes('"')) return `"${s}"`;
  return `concat('${s.split("'").join(`', "'", '`)}')`;
}

/**
 * A cell's visible text as a label: no-break spaces as spaces, the "*" of a required field and
 * a trailing ":" dropped, spacing normalised. WHY XPath: it can say "a row that has, as its OWN
 * cell, one reading exactly this", which keeps an outer layout row (whose cell holds a whole
 * inner table) from matching too; Playwright's role and text locators cannot.
 */
function cellReads(text: string): string {
  const cell = "normalize-space(translate(., '\u00a0', ' '))";
  return `(${['', ':', '*', ' *', '*:', ' *:', ' :'].map((tail) => `${cell}=${xpathLiteral(text + tail)}`).join(' or ')})`;
}

/** The innermost rows with an own cell reading each of `texts`. */
export function rowsReading(page: Page, texts: string | readonly string[]): Locator {
  const list = typeof texts === 'string' ? [texts] : texts;
  const conditions = list.map((t) => `*[self::td or self::th][${cellReads(t)}]`).join(' and ');
  return page.locator(`xpath=//tr[${conditions}]`);
}

/** The cell right after the one reading `text`. */
export function valueCellOf(page: Page, text: string): Locator {
  return page.locator(`xpath=//tr/*[self::td or self::th][${cellReads(text)}]/following-sibling::td[1]`);
}

function inRowLocator(page: Page, r: NonNullable<Target['inRow']>): Locator {
  let scope = rowsReading(page, r.text);
  if (r.column !== undefined) {
    // The cell under the header `column` of the same table (header: the first row with th cells).
    const header = `ancestor::table[1]//tr[th][1]/th[${cellReads(r.column)}]`;
    scope = scope.locator(`xpath=./td[count(${header}/preceding-sibling::*) + 1][count(${header}) = 1]`);
  }
  const inner = scope.getByRole(r.role, r.name === undefined ? {} : { name: r.name, exact: true });
  return r.nth === undefined ? inner : inner.nth(r.nth);
}

export function describeInRow(r: NonNullable<Target['inRow']>): string {
  const texts = typeof r.text === 'string' ? [r.text] : r.text;
  return `${r.role}${r.nth === undefined ? '' : ` #${r.nth + 1}`} in the row of "${texts.join('" and "')}"${r.column ? ` under "${r.column}"` : ''}`;
}

function candidates(page: Page, t: Target): [string, Locator][] {
  const out: [string, Locator][] = [];
  if (t.label !== undefined) out.push([`label "${t.label}"`, page.getByLabel(t.label, { exact: true })]);
  if (t.role !== undefined) {
    const opts = t.role.name === undefined ? {} : { name: t.role.name, exact: true };
    out.push([`role ${t.role.role}${t.role.name ? ` "${t.role.name}"` : ''}`, page.getByRole(t.role.role, opts)]);
  }
  if (t.text !== undefined) out.push([`text "${t.text}"`, page.getByText(t.text, { exact: true })]);
  if (t.inRow !== undefined) out.push([describeInRow(t.inRow), inRowLocator(page, t.inRow)]);
  if (t.cellAfter !== undefined) out.push([`the cell after "${t.cellAfter}"`, valueCellOf(page, t.cellAfter)]);
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
