// getPhone: by <name> or <uuid>, optionally limited by <returnedTags>; the product-specific
// settings come back as XML elements inside <vendorConfig>.

import { phoneXml } from '../phone-xml.ts';
import { findPhone, returnedTags, type AxlCall } from './axl-call.ts';

export function getPhone(call: AxlCall): string {
  const phone = findPhone(call);
  return `<return>${phoneXml(phone, call.services, returnedTags(call.body))}</return>`;
}
