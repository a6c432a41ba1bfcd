// A phone as AXL 10.5 returns it (getPhone, listPhone): top-level elements in the order of
// the XPhone schema type, each rendered so that returnedTags can pick them. Elements a PFS
// lab never reads are present with CUCM's usual values. sshPwd is never returned.

import type { Phone } from '../model/entities.ts';
import { modelFields } from '../model/layouts.ts';
import { toVendorConfig } from '../model/vendor-config-codec.ts';
import type { CucmServices } from '../services.ts';
import { axlUuid, el, vendorConfigXml } from './xml-write.ts';

export function phoneElements(phone: Phone, services: CucmServices): [string, string][] {
  const defaultLoad = services.store.deviceDefaults.get(phone.model.code) ?? '';
  const special = phone.loadName !== '';
  return [
    ['name', el('name', phone.name)],
    ['description', el('description', phone.description)],
    ['product', el('product', phone.model.product)],
    ['model', el('model', phone.model.product)],
    ['class', el('class', 'Phone')],
    ['protocol', el('protocol', 'SCCP')],
    ['protocolSide', el('protocolSide', 'User')],
    ['callingSearchSpaceName', el('callingSearchSpaceName', '')],
    ['devicePoolName', el('devicePoolName', phone.devicePool.name, { uuid: axlUuid(phone.devicePool.pkid) })],
    ['commonDeviceConfigName', el('commonDeviceConfigName', '')],
    ['commonPhoneConfigName', el('commonPhoneConfigName', phone.commonPhoneProfile.name, { uuid: axlUuid(phone.commonPhoneProfile.pkid) })],
    ['networkLocation', el('networkLocation', 'Use System Default')],
    ['locationName', el('locationName', 'Hub_None')],
    ['loadInformation', el('loadInformation', special ? phone.loadName : defaultLoad, { special: String(special) })],
    ['vendorConfig', vendorConfigXml(toVendorConfig(modelFields(phone.model), phone.product, true), phone.structuredVendorConfig)],
    ['versionStamp', el('versionStamp', `{${phone.version}-${phone.pkid.toUpperCase()}}`)],
    ['securityProfileName', el('securityProfileName', `${phone.model.product} - Standard SCCP Non-Secure Profile`)],
    ['sshUserId', el('sshUserId', phone.sshUserId)],
    ['isActive', el('isActive', 'true')],
  ];
}

export function phoneXml(phone: Phone, services: CucmServices, tags: Set<string> | undefined): string {
  const parts = phoneElements(phone, services)
    .filter(([tag]) => tags === undefined || tags.has(tag))
    .map(([, xml]) => xml)
    .join('');
  return `<phone uuid="${axlUuid(phone.pkid)}">${parts}</phone>`;
}
