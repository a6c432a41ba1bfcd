// What an Apply Config or Reset popup acts on: one phone, the phones of a Common Phone Profile,
// or (Enterprise Phone Configuration) every phone; and which page it returns to.

import type { Phone } from '../../model/entities.ts';
import type { PageRequest } from '../context.ts';

export interface PopupTarget {
  /** What the popup names: "Device Name: SEP..." or "Common Phone Profile: ...". */
  subject: string;
  phones: Phone[];
  /** The page the opener shows afterwards. */
  returnUrl: string;
  /** The popup's own URL, to post to. */
  selfUrl: string;
}

export type TargetResolver = (r: PageRequest) => PopupTarget | undefined;

export function phoneTarget(action: string): TargetResolver {
  return (r) => {
    const phone = r.services.store.phone(r.params.get('key') ?? '');
    if (!phone) return undefined;
    return {
      subject: `Device Name: ${phone.name} (${phone.description})`,
      phones: [phone],
      returnUrl: `/ccmadmin/phoneEdit.do?key=${phone.pkid}`,
      selfUrl: `/ccmadmin/${action}?key=${phone.pkid}`,
    };
  };
}

export function profileTarget(action: string): TargetResolver {
  return (r) => {
    const profile = r.services.store.profile(r.params.get('key') ?? '');
    if (!profile) return undefined;
    const phones = r.services.store.phonesUsing(profile);
    return {
      subject: `Common Phone Profile: ${profile.name} (${phones.length} devices)`,
      phones,
      returnUrl: `/ccmadmin/commonPhoneProfileEdit.do?key=${profile.pkid}`,
      selfUrl: `/ccmadmin/${action}?key=${profile.pkid}`,
    };
  };
}

export function enterpriseTarget(action: string): TargetResolver {
  return (r) => {
    const phones = r.services.store.allPhones();
    return {
      subject: `Enterprise Phone Configuration (${phones.length} devices)`,
      phones,
      returnUrl: '/ccmadmin/enterprisePhoneConfigEdit.do',
      selfUrl: `/ccmadmin/${action}`,
    };
  };
}
