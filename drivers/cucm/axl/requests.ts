// The AXL request bodies this driver sends (inside <ns:method>). Values are XML-escaped; the
// shapes are AXL 10.5's (pfs-reference §5).

export function xmlEscape(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

import { vendorConfigXml, type VendorConfig } from './vendor-config.ts';

export { vendorConfigXml };
export type { VendorConfig };

const el = (tag: string, value: string): string => `<${tag}>${xmlEscape(value)}</${tag}>`;

export function byName(name: string): string {
  return el('name', name);
}

export function getPhoneInfo(name: string): string {
  return `${byName(name)}<returnedTags><name/><description/><model/><commonPhoneConfigName/></returnedTags>`;
}

export function getPhoneVendorConfig(name: string): string {
  return `${byName(name)}<returnedTags><vendorConfig/></returnedTags>`;
}

export function getPhoneName(name: string): string {
  return `${byName(name)}<returnedTags><name/></returnedTags>`;
}

export function getCommonPhoneConfigVendorConfig(name: string): string {
  return `${byName(name)}<returnedTags><vendorConfig/></returnedTags>`;
}

export function getPhoneLoad(name: string): string {
  return `${byName(name)}<returnedTags><loadInformation/></returnedTags>`;
}

/** An empty <loadInformation> clears the Phone Load Name (the Device Defaults load applies) [inferred]. */
export function updateLoad(name: string, load: string): string {
  return `${byName(name)}${el('loadInformation', load)}`;
}

export function updateWithVendorConfig(name: string, vc: VendorConfig): string {
  return `${byName(name)}${vendorConfigXml(vc)}`;
}

export function listPhones(namePattern: string): string {
  return `<searchCriteria>${el('name', namePattern)}</searchCriteria><returnedTags><name/><model/></returnedTags>`;
}
