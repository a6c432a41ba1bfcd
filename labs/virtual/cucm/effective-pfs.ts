// Which level's value a phone gets for a setting that exists at phone, Common Phone Profile
// and Enterprise level (pfs-reference §2.8): the phone's own value if its "Override Common
// Settings" box is set, else the profile's if its "Override Enterprise Settings" box is set,
// else the Enterprise value. Peer Firmware Sharing is the setting this project is about; the
// same rule serves every shared product-specific field.

import type { EffectivePfs, SettingSource } from './types.ts';

export interface OverridableValue<T> {
  value: T;
  override: boolean;
}

export interface SettingLevels<T> {
  phone: OverridableValue<T>;
  commonPhoneProfile: OverridableValue<T>;
  /** Undefined when the Enterprise Phone Configuration lacks the parameter (CSCsh20977). */
  enterprise: T | undefined;
  /** The parameter's built-in default, used when no level provides a value. */
  fallback: T;
}

export function resolveSetting<T>(levels: SettingLevels<T>): { value: T; source: SettingSource } {
  if (levels.phone.override) return { value: levels.phone.value, source: 'phone' };
  if (levels.commonPhoneProfile.override) return { value: levels.commonPhoneProfile.value, source: 'commonPhoneProfile' };
  if (levels.enterprise !== undefined) return { value: levels.enterprise, source: 'enterprise' };
  return { value: levels.fallback, source: 'default' };
}

export function effectivePfs(levels: SettingLevels<boolean>): EffectivePfs {
  const { value, source } = resolveSetting(levels);
  return { enabled: value, source };
}
