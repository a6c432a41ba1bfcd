// The "Product Specific Configuration Layout" section shared by the Phone, Common Phone
// Profile, Enterprise Phone Configuration and Bulk Update pages: one row per parameter, a
// <label for> with CUCM's visible text, the control, and for shared parameters an override
// box. Control names are this CUCM's own (the real ones are not public); drivers find a
// control by its label and an override box by its row.

import type { ProductSettings } from '../model/entities.ts';
import type { ProductField } from '../model/product-fields.ts';
import type { ProductSettingChange } from '../model/store.ts';
import { attr, html, type SafeHtml } from './html.ts';

export type OverrideHeading = 'Override Common Settings' | 'Override Enterprise Settings';

const controlId = (f: ProductField): string => `psc_${f.key}`;
const overrideId = (f: ProductField): string => `psc_${f.key}_override`;

function control(f: ProductField, value: string, leaveUnchanged: boolean): SafeHtml {
  if (f.kind === 'text') return html`<input type="text" id="${controlId(f)}" name="${controlId(f)}" value="${value}" size="40">`;
  const blank = leaveUnchanged ? html`<option value=""${attr('selected', value === '')}>-- Leave unchanged --</option>` : '';
  return html`<select id="${controlId(f)}" name="${controlId(f)}">${blank}${f.options.map(
    (o) => html`<option value="${o.value}"${attr('selected', o.value === value)}>${o.label}</option>`,
  )}</select>`;
}

function section(rows: SafeHtml[], heading: OverrideHeading | undefined, note?: string): SafeHtml {
  return html`<fieldset id="productSpecificConfiguration"><legend>Product Specific Configuration Layout</legend>
${note ? html`<p>${note}</p>` : ''}
<table class="form"><thead><tr><th>Parameter</th><th>Value</th>${heading ? html`<th>${heading}</th>` : ''}</tr></thead>
<tbody>${rows}</tbody></table></fieldset>`;
}

/** The section of a phone, profile or the enterprise configuration, showing its settings. */
export function renderProductSection(fields: readonly ProductField[], settings: ProductSettings, heading: OverrideHeading | undefined): SafeHtml {
  const rows = fields.map((f) => {
    const value = settings.values.get(f.key) ?? f.defaultValue;
    const box =
      heading && f.shared
        ? html`<input type="checkbox" id="${overrideId(f)}" name="${overrideId(f)}" aria-label="${heading}" title="${heading}"${attr('checked', settings.overrides.has(f.key))}>`
        : '';
    return html`<tr><td><label for="${controlId(f)}">${f.label}</label></td><td>${control(f, value, false)}</td>${heading ? html`<td>${box}</td>` : ''}</tr>`;
  });
  return section(rows, heading);
}

/** What a submitted section sets: every parameter whose control came back. */
export function readProductSection(params: URLSearchParams, fields: readonly ProductField[], overridable: boolean): Map<string, ProductSettingChange> {
  const changes = new Map<string, ProductSettingChange>();
  for (const f of fields) {
    const value = params.get(controlId(f));
    if (value === null) continue;
    changes.set(f.key, { value: value.trim(), override: overridable && f.shared && params.has(overrideId(f)) });
  }
  return changes;
}

/** Bulk Update Phones: every control starts at "leave unchanged" (text: blank). */
export function renderBulkProductSection(fields: readonly ProductField[], note: string | undefined): SafeHtml {
  const heading: OverrideHeading = 'Override Common Settings';
  const rows = fields.map(
    (f) => html`<tr><td><label for="${controlId(f)}">${f.label}</label></td><td>${control(f, '', true)}</td><td>${
      f.shared ? html`<input type="checkbox" id="${overrideId(f)}" name="${overrideId(f)}" aria-label="${heading}" title="${heading}" checked>` : ''
    }</td></tr>`,
  );
  return section(rows, heading, note);
}

/** Bulk: only parameters given a value change (a blank text field is left as it is). */
export function readBulkProductSection(params: URLSearchParams, fields: readonly ProductField[]): Map<string, ProductSettingChange> {
  const changes = new Map<string, ProductSettingChange>();
  for (const f of fields) {
    const value = (params.get(controlId(f)) ?? '').trim();
    if (value === '') continue;
    changes.set(f.key, { value, override: f.shared && params.has(overrideId(f)) });
  }
  return changes;
}
