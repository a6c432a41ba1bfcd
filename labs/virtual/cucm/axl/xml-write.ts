// Writing AXL response elements; every value is escaped.

import { escapeXml } from '../xml-escape.ts';

export function el(name: string, value: string, attrs: Record<string, string> = {}): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return value === '' ? `<${name}${a}/>` : `<${name}${a}>${escapeXml(value)}</${name}>`;
}

/** AXL shows pkids as {UPPER-CASE-UUID}. */
export function axlUuid(pkid: string): string {
  return `{${pkid.toUpperCase()}}`;
}

/** `structured`: elements kept verbatim (already XML), after the flat ones. */
export function vendorConfigXml(entries: readonly (readonly [string, string])[], structured: readonly string[] = []): string {
  return `<vendorConfig>${entries.map(([k, v]) => el(k, v)).join('')}${structured.join('')}</vendorConfig>`;
}
