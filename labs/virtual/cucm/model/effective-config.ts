// A phone's effective product-specific values and load: what its configuration file says.
// Shared parameters follow the §2.8 precedence (effective-pfs.ts); the others are the
// phone's own values.

import { resolveSetting } from '../effective-pfs.ts';
import type { Faults } from '../faults.ts';
import type { SettingSource } from '../types.ts';
import type { EnterprisePhoneConfig, Phone } from './entities.ts';
import { enterpriseFields, modelFields } from './layouts.ts';
import type { ProductField } from './product-fields.ts';

export interface EffectiveValue {
  value: string;
  source: SettingSource;
}

/** builtIn: parameter key -> the value a phone gets when no level sets it (the lab's pfsBuiltInDefault); else the field's default. */
export function effectiveValue(field: ProductField, phone: Phone, enterprise: EnterprisePhoneConfig, faults: Faults, builtIn: ReadonlyMap<string, string> = new Map()): EffectiveValue {
  const own = phone.product.values.get(field.key) ?? field.defaultValue;
  if (!field.shared) return { value: own, source: 'phone' };
  const profile = phone.commonPhoneProfile.product;
  // The Enterprise value counts only while its Override Enterprise Settings box is set (entities.ts).
  const enterpriseHas = enterpriseFields(faults).some((f) => f.key === field.key) && enterprise.overrides.has(field.key);
  return resolveSetting({
    phone: { value: own, override: phone.product.overrides.has(field.key) },
    commonPhoneProfile: {
      value: profile.values.get(field.key) ?? field.defaultValue,
      override: profile.overrides.has(field.key),
    },
    enterprise: enterpriseHas ? (enterprise.values.get(field.key) ?? field.defaultValue) : undefined,
    fallback: builtIn.get(field.key) ?? field.defaultValue,
  });
}

/** [element, value] pairs in layout order, as <vendorConfig> of the configuration file. */
export function effectiveVendorConfig(phone: Phone, enterprise: EnterprisePhoneConfig, faults: Faults, builtIn: ReadonlyMap<string, string> = new Map()): [string, string][] {
  return modelFields(phone.model).map((f) => [f.key, effectiveValue(f, phone, enterprise, faults, builtIn).value]);
}

export function effectiveLoad(phone: Phone, deviceDefaults: ReadonlyMap<string, string>): string {
  return phone.loadName !== '' ? phone.loadName : (deviceDefaults.get(phone.model.code) ?? '');
}
