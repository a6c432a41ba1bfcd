// How a level's product-specific settings look as an AXL <vendorConfig>, and what writing one
// back does. AXL replaces vendorConfig whole, as a real cluster does: a parameter left out is
// lost. How the override boxes travel in AXL is not public; this CUCM's rule (documented in
// README.md) is:
//   - a shared parameter is present in a phone's or profile's vendorConfig exactly when that
//     level overrides it; writing it sets the override, leaving it out clears the override
//     (and drops the level's own value back to the default);
//   - a parameter only phones have is always present; leaving it out resets it to default;
//   - the Enterprise Phone Configuration lists all its parameters; one left out is reset.
// Elements this layout does not know are ignored and reported, like a field of another model.

import type { ProductSettings } from './entities.ts';
import { invalidValueReason, type ProductField } from './product-fields.ts';

export class VendorConfigError extends Error {}

/** The level's settings as vendorConfig elements, in layout order. */
export function toVendorConfig(fields: readonly ProductField[], settings: ProductSettings, overridable: boolean): [string, string][] {
  const out: [string, string][] = [];
  for (const f of fields) {
    if (overridable && f.shared && !settings.overrides.has(f.key)) continue;
    out.push([f.key, settings.values.get(f.key) ?? f.defaultValue]);
  }
  return out;
}

export interface ReplacedSettings {
  settings: ProductSettings;
  /** Elements outside the layout, which were ignored. */
  ignored: string[];
}

/** The settings a written vendorConfig replaces the level's with. Throws VendorConfigError
 * for a value a parameter cannot take, before anything changes. */
export function fromVendorConfig(fields: readonly ProductField[], written: ReadonlyMap<string, string>, overridable: boolean): ReplacedSettings {
  const settings: ProductSettings = { values: new Map(), overrides: new Set() };
  for (const f of fields) {
    const value = written.get(f.key);
    if (value === undefined) {
      settings.values.set(f.key, f.defaultValue);
      continue;
    }
    const reason = invalidValueReason(f, value);
    if (reason !== undefined) throw new VendorConfigError(reason);
    settings.values.set(f.key, value);
    if (overridable && f.shared) settings.overrides.add(f.key);
  }
  const known = new Set(fields.map((f) => f.key));
  return { settings, ignored: [...written.keys()].filter((k) => !known.has(k)) };
}
