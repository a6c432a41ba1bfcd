// How Peer Firmware Sharing values are written where CUCM keeps them. Data, not code: a
// cluster whose pages or AXL differ changes these tables.

/** vendorConfig <peerFirmwareSharing> (AXL and SEP<MAC>.cnf.xml): 1 = Enabled (pfs-reference §5). */
export const PFS_AXL_CODES: Readonly<Record<'Enabled' | 'Disabled', string>> = { Enabled: '1', Disabled: '0' };

export const PFS_VENDOR_ELEMENT = 'peerFirmwareSharing';

/** What a phone gets when no level sets PFS (CSCsh20977: the Enterprise level lacks it). */
export const PFS_BUILT_IN_DEFAULT: 'Enabled' | 'Disabled' = 'Disabled';

export function pfsFromAxlCode(code: string): string {
  const hit = Object.entries(PFS_AXL_CODES).find(([, c]) => c === code.trim());
  return hit ? hit[0] : `unknown (${code})`;
}
