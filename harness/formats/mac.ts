// MAC addresses of phones: CUCM names a phone SEP + its MAC, so the name is the identity and
// the MAC is derived from it. Facts use 12 upper-case hex digits, the form of the device
// name and of the phone's own DeviceInformationX page.

/** 001122AABBCC from SEP001122aabbcc. */
export function macFromDeviceName(name: string): string {
  return name.slice(3).toUpperCase();
}

/** 001122AABBCC from 00:11:22:aa:bb:cc, 0011.22aa.bbcc, 00-11-22-AA-BB-CC or 001122aabbcc. */
export function normalizeMac(mac: string): string {
  return mac.replace(/[:.-]/g, '').toUpperCase();
}
