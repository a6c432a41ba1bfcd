// One phone, one identity: device names (and so MACs) are unique, and a MAC written next
// to the name agrees with it. Names are compared without case: CUCM treats SEP001122aabbcc
// and SEP001122AABBCC as the same device.

import { macFromDeviceName, normalizeMac } from '../../formats/mac.ts';
import type { LabSpec } from '../schema.ts';
import type { PathIssue } from './types.ts';

export function checkIdentity(spec: LabSpec): PathIssue[] {
  const issues: PathIssue[] = [];
  const byMac = new Map<string, number>();
  spec.phones.forEach((phone, i) => {
    const mac = macFromDeviceName(phone.name);
    const first = byMac.get(mac);
    if (first !== undefined) {
      issues.push({ path: ['phones', i, 'name'], message: `duplicate device name/MAC ${phone.name.toUpperCase()}: also phones[${first}]` });
    } else {
      byMac.set(mac, i);
    }
    if (phone.mac !== undefined && normalizeMac(phone.mac) !== mac) {
      issues.push({ path: ['phones', i, 'mac'], message: `${phone.mac} does not match the device name ${phone.name} (MAC ${mac})` });
    }
  });
  return issues;
}
