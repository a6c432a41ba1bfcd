// getEnterprisePhoneConfig / updateEnterprisePhoneConfig: the Enterprise Phone Configuration
// as one <vendorConfig>, replaced whole by an update. With CSCsh20977 it has no
// peerFirmwareSharing: the get leaves it out and the update ignores it.

import { enterpriseFields } from '../../model/layouts.ts';
import { StoreError } from '../../model/store.ts';
import { fromVendorConfig, toVendorConfig, VendorConfigError } from '../../model/vendor-config-codec.ts';
import { AXL_CODE, AxlFault } from '../axl-fault.ts';
import { vendorConfigXml } from '../xml-write.ts';
import { writtenVendorConfig, type AxlCall } from './axl-call.ts';

export function getEnterprisePhoneConfig(call: AxlCall): string {
  const { store, faults } = call.services;
  const entries = toVendorConfig(enterpriseFields(faults), { values: store.enterprise.values, overrides: new Set() }, false);
  return `<return><enterprisePhoneConfig>${vendorConfigXml(entries)}</enterprisePhoneConfig></return>`;
}

export function updateEnterprisePhoneConfig(call: AxlCall): string {
  const written = writtenVendorConfig(call.body);
  if (written) {
    try {
      const fields = enterpriseFields(call.services.faults);
      const replaced = fromVendorConfig(fields, written.values, false);
      const ignored = [...replaced.ignored, ...written.nested];
      if (ignored.length > 0) call.services.log(`axl: updateEnterprisePhoneConfig: ignored vendorConfig elements: ${ignored.join(', ')}`);
      const values = new Map(fields.map((f) => [f.key, replaced.settings.values.get(f.key) ?? f.defaultValue]));
      // This CUCM's rule: an element written over AXL sets its Override Enterprise Settings box.
      call.services.store.updateEnterprise(values, new Map([...written.values.keys()].filter((k) => values.has(k)).map((k) => [k, true])));
    } catch (err) {
      if (err instanceof VendorConfigError || err instanceof StoreError) throw new AxlFault(AXL_CODE.updateFailed, err.message);
      throw err;
    }
  }
  return '<return>true</return>';
}
