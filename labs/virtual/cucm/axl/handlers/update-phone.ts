// updatePhone: changes the elements the request carries and leaves the others. <vendorConfig>
// is replaced whole, as on a real cluster: read it with getPhone, change it, write it all
// back (see model/vendor-config-codec.ts for what leaving a parameter out does).

import { modelFields } from '../../model/layouts.ts';
import { StoreError, type PhoneUpdate } from '../../model/store.ts';
import { fromVendorConfig, VendorConfigError } from '../../model/vendor-config-codec.ts';
import { AXL_CODE, AxlFault, usage } from '../axl-fault.ts';
import { attrOf, child, childText } from '../xml-read.ts';
import { axlUuid } from '../xml-write.ts';
import { findPhone, writtenVendorConfig, type AxlCall } from './axl-call.ts';

export function updatePhone(call: AxlCall): string {
  const phone = findPhone(call, true);
  const b = call.body;
  if (childText(b, 'newName') !== undefined) throw usage('Renaming a phone (newName) is not supported by this CUCM');
  const profileNode = child(b, 'commonPhoneConfigName');
  const update: PhoneUpdate = {
    description: childText(b, 'description'),
    devicePoolName: childText(b, 'devicePoolName'),
    commonPhoneProfile: attrOf(profileNode, 'uuid') ?? childText(b, 'commonPhoneConfigName'),
    loadName: childText(b, 'loadInformation'),
    sshUserId: childText(b, 'sshUserId'),
    sshPassword: childText(b, 'sshPwd'),
  };
  const written = writtenVendorConfig(b);
  try {
    if (written) {
      const replaced = fromVendorConfig(modelFields(phone.model), written.values, true);
      update.productReplacement = replaced.settings;
      // Structured elements are kept as written (see Phone.structuredVendorConfig).
      update.structuredVendorConfig = written.nestedXml;
      if (replaced.ignored.length > 0) call.services.log(`axl: updatePhone ${phone.name}: ignored vendorConfig elements not in the ${phone.model.product} layout: ${replaced.ignored.join(', ')}`);
      if (written.nested.length > 0) call.services.log(`axl: updatePhone ${phone.name}: kept structured vendorConfig elements as written: ${written.nested.join(', ')}`);
    }
    call.services.store.updatePhone(phone, update);
  } catch (err) {
    if (err instanceof VendorConfigError || err instanceof StoreError) throw new AxlFault(AXL_CODE.updateFailed, err.message);
    throw err;
  }
  return `<return>${axlUuid(phone.pkid)}</return>`;
}
