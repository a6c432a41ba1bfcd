// What the TFTP driver tests put on a server: a CUCM-structured config file and one load
// (its .loads manifest and components), the same content for both servers.
import { renderConfigFile } from '../../../../labs/virtual/cucm/config-file.ts';

export const DEVICE = 'SEP0250F5C10001';
export const LOAD_ID = 'SCCP41.9-4-2SR2-2S';
export const COMPONENTS: { name: string; size: number }[] = [
  { name: 'apps41.9-4-2ES26.sbn', size: 70_001 },
  { name: 'cnu41.9-4-2ES26.sbn', size: 3_000 },
  { name: 'cvm41sccp.9-4-2ES26.sbn', size: 1 },
];
export const SSH_PASSWORD = 'cnf-ssh-secret-77';

export function configFileXml(pfs: '0' | '1'): string {
  return renderConfigFile(
    {
      pkid: '00000000-0000-0000-0000-000000000001',
      ctiId: 1,
      devicePool: { pkid: '1b1b9eb6-7803-11d3-bdf0-00108302ead1', name: 'Default' },
      cucmAddress: '10.10.0.10',
      sshUserId: 'pfslab',
      sshPassword: SSH_PASSWORD,
      loadInformation: LOAD_ID,
      vendorConfig: [
        ['disableSpeaker', 'false'],
        ['peerFirmwareSharing', pfs],
        ['loadServer', ''],
        ['sshAccess', '0'],
        ['webAccess', '1'],
        ['logServer', '10.10.0.99'],
        ['someFutureSetting', '42'],
      ],
    },
    '1700000001-00000000-0000-0000-0000-000000000000',
  );
}

export function componentBytes(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}
