// The "Product Specific Configuration Layout" section shared by the Phone, Common Phone
// Profile, Enterprise Phone Configuration and Bulk Update pages: one row per parameter, its
// visible name in a plain table cell, the control, and for shared parameters an override box.
// As on CUCM (pfs-reference §5), controls are named by position, `productSpecific[N]...`, and
// nothing ties a name to its label: no <label for> (whether CUCM has them is not public), so
// a driver must find a control by the text of its row.

import type { ProductSettings } from '../model/entities.ts';
import type { ProductField } from '../model/product-fields.ts';
import type { ProductSettingChange } from '../model/store.ts';
import { attr, html, type SafeHtml } from './html.ts';

export type OverrideHeading = 'Override Common Settings' | 'Override Enterprise Settings';

const controlName = (i: number): string => `productSpecific[${i}].value`;
const overrideName = (i: number): string => `productSpecific[${i}].override`;
const updateName = (i: number): string => `productSpecific[${i}].update`;

function control(f: ProductField, i: number, value: string): SafeHtml {
  if (f.kind === 'text') return html`<input type="text" name="${controlName(i)}" value="${value}" size="40">`;
  return html`<select name="${controlName(i)}">${f.options.map((o) => html`<option value="${o.value}"${attr('selected', o.value === value)}>${o.label}</option>`)}</select>`;
}

function section(rows: SafeHtml[], headings: readonly string[], note?: string): SafeHtml {
  return html`<fieldset id="productSpecificConfiguration"><legend>Product Specific Configuration Layout</legend>
${note ? html`<p>${note}</p>` : ''}
<table class="form"><tbody><tr>${headings.map((h) => html`<th>${h}</th>`)}</tr>
${rows}</tbody></table></fieldset>`;
}

/** The section of a phone, profile or the enterprise configuration, showing its settings. */
export function renderProductSection(fields: readonly ProductField[], settings: ProductSettings, heading: OverrideHeading | undefined): SafeHtml {
  const rows = fields.map((f, i) => {
    const value = settings.values.get(f.key) ?? f.defaultValue;
    const box = heading && f.shared ? html`<input type="checkbox" name="${overrideName(i)}" title="${heading}" aria-label="${heading}"${attr('checked', settings.overrides.has(f.key))}>` : '';
    return html`<tr><td class="cuesTextLabel">${f.label}</td><td>${control(f, i, value)}</td>${heading ? html`<td>${box}</td>` : ''}</tr>`;
  });
  return section(rows, ['Parameter', 'Value', ...(heading ? [heading] : [])]);
}

/** What a submitted section sets: every parameter whose control came back. */
export function readProductSection(params: URLSearchParams, fields: readonly ProductField[], overridable: boolean): Map<string, ProductSettingChange> {
  const changes = new Map<string, ProductSettingChange>();
  fields.forEach((f, i) => {
    const value = params.get(controlName(i));
    if (value === null) return;
    changes.set(f.key, { value: value.trim(), override: overridable && f.shared && params.has(overrideName(i)) });
  });
  return changes;
}

/**
 * Bulk Update Phones (Cisco's BAT guide): each field to change has its own "update" box in
 * its row; a field whose box is clear is left as it is, whatever its control shows.
 */
export function renderBulkProductSection(fields: readonly ProductField[], note: string | undefined): SafeHtml {
  const heading: OverrideHeading = 'Override Common Settings';
  const rows = fields.map(
    (f, i) =>
      html`<tr><td><input type="checkbox" name="${updateName(i)}" title="Update ${f.label}" aria-label="update"></td><td class="cuesTextLabel">${f.label}</td><td>${control(f, i, f.defaultValue)}</td><td>${
        f.shared ? html`<input type="checkbox" name="${overrideName(i)}" title="${heading}" aria-label="${heading}">` : ''
      }</td></tr>`,
  );
  return section(rows, ['Update', 'Parameter', 'Value', heading], note);
}

/** Bulk: only parameters whose update box is set change. */
export function readBulkProductSection(params: URLSearchParams, fields: readonly ProductField[]): Map<string, ProductSettingChange> {
  const changes = new Map<string, ProductSettingChange>();
  fields.forEach((f, i) => {
    if (!params.has(updateName(i))) return;
    changes.set(f.key, { value: (params.get(controlName(i)) ?? '').trim(), override: f.shared && params.has(overrideName(i)) });
  });
  return changes;
}
