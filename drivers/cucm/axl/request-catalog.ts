// Every AXL request pfslab's AXL backend sends, built by the same functions it uses (with
// sample names), so that `pfslab cucm probe --axl-schema DIR` and the tests can check them
// against a cluster's schema before a run sends them.

import { deviceDefaultsRequest } from './device-defaults.ts';
import * as rq from './requests.ts';
import type { RequestToCheck } from './schema/check.ts';
import type { VendorConfig } from './vendor-config.ts';

const PHONE = 'SEP0011223344AA';
const PROFILE = 'Standard Common Phone Profile';
const VC: VendorConfig = [{ key: 'peerFirmwareSharing', text: '1' }];

export function axlRequestsPfslabSends(version: string): RequestToCheck[] {
  const dd = deviceDefaultsRequest(version, 'Cisco 7961', 'SCCP');
  return [
    { method: 'getPhone', body: rq.getPhoneInfo(PHONE), purpose: 'find a phone (model, description, Common Phone Profile)' },
    { method: 'getPhone', body: rq.getPhoneVendorConfig(PHONE), purpose: "read a phone's Peer Firmware Sharing (vendorConfig)" },
    { method: 'getPhone', body: rq.getPhoneLoad(PHONE), purpose: "read a phone's Phone Load Name" },
    { method: 'getPhone', body: rq.getPhoneName(PHONE), purpose: 'save: check the phone exists' },
    { method: 'listPhone', body: rq.listPhones('SEP%'), purpose: 'list the phones of a bulk update' },
    { method: 'updatePhone', body: rq.updateWithVendorConfig(PHONE, VC), purpose: "write a phone's vendorConfig" },
    { method: 'updatePhone', body: rq.updateLoad(PHONE, 'SCCP41.9-4-2SR2-2S'), purpose: "set a phone's Phone Load Name" },
    { method: 'applyPhone', body: rq.byName(PHONE), purpose: 'Apply Config' },
    { method: 'restartPhone', body: rq.byName(PHONE), purpose: 'Restart' },
    { method: 'resetPhone', body: rq.byName(PHONE), purpose: 'Reset' },
    { method: 'getCommonPhoneConfig', body: rq.getCommonPhoneConfigVendorConfig(PROFILE), purpose: "read a Common Phone Profile's vendorConfig" },
    { method: 'updateCommonPhoneConfig', body: rq.updateWithVendorConfig(PROFILE, VC), purpose: "write a Common Phone Profile's vendorConfig" },
    { method: 'getEnterprisePhoneConfig', body: '', purpose: 'log in; read the Enterprise vendorConfig' },
    { method: 'updateEnterprisePhoneConfig', body: rq.vendorConfigXml(VC), purpose: 'write the Enterprise vendorConfig' },
    { method: dd.method, body: dd.body, purpose: `read a Device Defaults load (AXL ${version})` },
  ];
}
