// The configuration file of the i-th phone of a bench (SEP<MAC>.cnf.xml as the virtual CUCM
// writes it): one device pool, web and SSH access on, PFS on or off, the target load. The
// scale bench and the PFS-vs-traditional sweep give their phones the same file.
import { renderConfigFile } from '../../labs/virtual/cucm/config-file.ts';

export interface BenchConfig {
  /** The address the phone registers with (and, in the benches, fetches files from). */
  cucmAddress: string;
  /** The published load the phone must run (its .loads id). */
  loadId: string;
  pfs: boolean;
}

export function benchPhoneConfig(i: number, c: BenchConfig): string {
  return renderConfigFile(
    {
      pkid: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      ctiId: i,
      devicePool: { pkid: '1b1b9eb6-7803-11d3-bdf0-00108302ead1', name: 'Default' },
      cucmAddress: c.cucmAddress,
      sshUserId: '',
      sshPassword: '',
      loadInformation: c.loadId,
      vendorConfig: [
        ['webAccess', '1'],
        ['peerFirmwareSharing', c.pfs ? '1' : '0'],
        ['sshAccess', '1'],
      ],
    },
    `1700000000-${i}`,
  );
}
