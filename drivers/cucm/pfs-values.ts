// How Peer Firmware Sharing values are written where CUCM keeps them. Data, not code: a
// cluster whose pages or AXL differ changes these tables.

/** vendorConfig <peerFirmwareSharing> (AXL and SEP<MAC>.cnf.xml): 1 = Enabled (pfs-reference §5). */
export const PFS_AXL_CODES: Readonly<Record<'Enabled' | 'Disabled', string>> = { Enabled: '1', Disabled: '0' };

export const PFS_VENDOR_ELEMENT = 'peerFirmwareSharing';

/**
 * What a phone gets when no level sets PFS (CSCsh20977: the Enterprise level lacks it; or the
 * Enterprise page's Override Enterprise Settings box is clear). AN ASSUMPTION: CUCM 10.5's
 * default is not public (pfs-reference §5: Cisco's 12.5 guide says "Enabled (default)"), and
 * no page or AXL answer shows a built-in default as such. A lab states its CUCM's in
 * cucm.pfsBuiltInDefault; `pfslab cucm probe` says which one is used and what the Enterprise
 * Phone Configuration shows.
 */
export const PFS_BUILT_IN_DEFAULT: 'Enabled' | 'Disabled' = 'Disabled';

/** The built-in default a driver uses: the lab's, else pfslab's assumption (marked so). */
export interface PfsBuiltInDefault {
  value: 'Enabled' | 'Disabled';
  from: 'lab' | 'assumed';
}

export function pfsBuiltInDefault(fromLab: 'Enabled' | 'Disabled' | undefined): PfsBuiltInDefault {
  return fromLab === undefined ? { value: PFS_BUILT_IN_DEFAULT, from: 'assumed' } : { value: fromLab, from: 'lab' };
}

export function pfsFromAxlCode(code: string): string {
  const hit = Object.entries(PFS_AXL_CODES).find(([, c]) => c === code.trim());
  return hit ? hit[0] : `unknown (${code})`;
}
