// getCommonPhoneConfig / updateCommonPhoneConfig: a Common Phone Profile by <name> or <uuid>.
// Its <vendorConfig> holds the parameters the profile overrides ("Override Enterprise
// Settings"); an update replaces it whole.

import { profileFields } from '../../model/layouts.ts';
import { StoreError } from '../../model/store.ts';
import { fromVendorConfig, toVendorConfig, VendorConfigError } from '../../model/vendor-config-codec.ts';
import { AXL_CODE, AxlFault, usage } from '../axl-fault.ts';
import { childText } from '../xml-read.ts';
import { axlUuid, el, vendorConfigXml } from '../xml-write.ts';
import { findProfile, returnedTags, writtenVendorConfig, type AxlCall } from './axl-call.ts';

export function getCommonPhoneConfig(call: AxlCall): string {
  const profile = findProfile(call);
  const tags = returnedTags(call.body);
  const parts: [string, string][] = [
    ['name', el('name', profile.name)],
    ['description', el('description', profile.description)],
    ['unlockPwd', el('unlockPwd', '')],
    ['dndOption', el('dndOption', 'Ringer Off')],
    ['dndAlertingType', el('dndAlertingType', '')],
    ['backgroundImage', el('backgroundImage', 'true')],
    ['phonePersonalization', el('phonePersonalization', 'Default')],
    ['phoneServiceDisplay', el('phoneServiceDisplay', 'Default')],
    ['sshUserId', el('sshUserId', '')],
    ['vendorConfig', vendorConfigXml(toVendorConfig(profileFields(), profile.product, true))],
    ['alwaysUsePrimeLine', el('alwaysUsePrimeLine', 'Default')],
    ['alwaysUsePrimeLineForVoiceMessage', el('alwaysUsePrimeLineForVoiceMessage', 'Default')],
  ];
  const inner = parts
    .filter(([tag]) => tags === undefined || tags.has(tag))
    .map(([, xml]) => xml)
    .join('');
  return `<return><commonPhoneConfig uuid="${axlUuid(profile.pkid)}">${inner}</commonPhoneConfig></return>`;
}

export function updateCommonPhoneConfig(call: AxlCall): string {
  const profile = findProfile(call, true);
  if (childText(call.body, 'newName') !== undefined) throw usage('Renaming a Common Phone Profile (newName) is not supported by this CUCM');
  const written = writtenVendorConfig(call.body);
  try {
    const replaced = written ? fromVendorConfig(profileFields(), written.values, true) : undefined;
    const ignored = [...(replaced?.ignored ?? []), ...(written?.nested ?? [])];
    if (ignored.length > 0) call.services.log(`axl: updateCommonPhoneConfig "${profile.name}": ignored vendorConfig elements: ${ignored.join(', ')}`);
    call.services.store.updateProfile(profile, { description: childText(call.body, 'description'), productReplacement: replaced?.settings });
  } catch (err) {
    if (err instanceof VendorConfigError || err instanceof StoreError) throw new AxlFault(AXL_CODE.updateFailed, err.message);
    throw err;
  }
  return `<return>${axlUuid(profile.pkid)}</return>`;
}
