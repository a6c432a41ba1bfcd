// pfs-reference §2.8: phone (if "Override Common Settings"), else Common Phone Profile (if
// "Override Enterprise Settings"), else Enterprise. Every combination of the two boxes and
// the Enterprise value, with the phone and profile holding opposite values so that the
// winner shows in the value as well as in the source.

import assert from 'node:assert/strict';
import { effectivePfs, resolveSetting } from '../../../labs/virtual/cucm/index.ts';
import type { SettingSource } from '../../../labs/virtual/cucm/index.ts';

interface Row {
  phoneOverride: boolean;
  profileOverride: boolean;
  enterprise: boolean;
  enabled: boolean;
  source: SettingSource;
}

// Phone value: Enabled. Profile value: Disabled.
const TABLE: Row[] = [
  { phoneOverride: true, profileOverride: true, enterprise: true, enabled: true, source: 'phone' },
  { phoneOverride: true, profileOverride: true, enterprise: false, enabled: true, source: 'phone' },
  { phoneOverride: true, profileOverride: false, enterprise: true, enabled: true, source: 'phone' },
  { phoneOverride: true, profileOverride: false, enterprise: false, enabled: true, source: 'phone' },
  { phoneOverride: false, profileOverride: true, enterprise: true, enabled: false, source: 'commonPhoneProfile' },
  { phoneOverride: false, profileOverride: true, enterprise: false, enabled: false, source: 'commonPhoneProfile' },
  { phoneOverride: false, profileOverride: false, enterprise: true, enabled: true, source: 'enterprise' },
  { phoneOverride: false, profileOverride: false, enterprise: false, enabled: false, source: 'enterprise' },
];

describe('virtual CUCM: effective Peer Firmware Sharing (§2.8 precedence)', function () {
  for (const row of TABLE) {
    const onOff = (b: boolean): string => (b ? 'on' : 'off');
    it(`phone override ${onOff(row.phoneOverride)}, profile override ${onOff(row.profileOverride)}, enterprise ${row.enterprise ? 'Enabled' : 'Disabled'} -> ${row.source}`, function () {
      const result = effectivePfs({
        phone: { value: true, override: row.phoneOverride },
        commonPhoneProfile: { value: false, override: row.profileOverride },
        enterprise: row.enterprise,
        fallback: false,
      });
      assert.deepEqual(result, { enabled: row.enabled, source: row.source });
    });
  }

  it('falls back to the built-in default when the Enterprise level lacks the parameter (CSCsh20977)', function () {
    const result = effectivePfs({
      phone: { value: true, override: false },
      commonPhoneProfile: { value: true, override: false },
      enterprise: undefined,
      fallback: false,
    });
    assert.deepEqual(result, { enabled: false, source: 'default' });
  });

  it('applies the same rule to any shared parameter', function () {
    const r = resolveSetting({ phone: { value: '10.0.0.9:514', override: false }, commonPhoneProfile: { value: '10.0.0.5:514', override: true }, enterprise: '', fallback: '' });
    assert.deepEqual(r, { value: '10.0.0.5:514', source: 'commonPhoneProfile' });
  });
});
