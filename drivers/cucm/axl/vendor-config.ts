// Reading and changing one element of a vendorConfig without losing the others: AXL
// replaces vendorConfig whole (pfs-reference §5), so the driver writes back everything it read.

import { CucmError } from '../errors.ts';
import type { VendorConfig } from './requests.ts';
import { isNode, textOf, type XmlValue } from './soap.ts';

/** The flat elements of a <vendorConfig>; a nested one (another product's structured
 * parameter) cannot be written back faithfully, so it is refused rather than lost. */
export function readVendorConfig(v: XmlValue | undefined, where: string): VendorConfig {
  if (v === undefined || v === '' || !isNode(v)) return [];
  const out: VendorConfig = [];
  for (const [key, value] of Object.entries(v)) {
    if (key.startsWith('@_') || key === '#text') continue;
    const text = typeof value === 'string' ? value : undefined;
    if (text === undefined) throw new CucmError(`${where}: vendorConfig element <${key}> is structured or repeated; refusing to rewrite vendorConfig and lose it`);
    out.push([key, text]);
  }
  return out;
}

export function getElement(vc: VendorConfig, key: string): string | undefined {
  return vc.find(([k]) => k === key)?.[1];
}

/** Sets (value) or removes (undefined) one element, keeping every other one and the order. */
export function withElement(vc: VendorConfig, key: string, value: string | undefined): VendorConfig {
  if (value === undefined) return vc.filter(([k]) => k !== key);
  if (vc.some(([k]) => k === key)) return vc.map(([k, v]) => [k, k === key ? value : v]);
  return [...vc, [key, value]];
}

export { textOf };
