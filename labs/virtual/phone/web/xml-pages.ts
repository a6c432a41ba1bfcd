// The phone's XML pages. Element names follow the 79xx pages as public scripts read them
// (/DeviceInformationX: <DeviceInformation> with HostName, phoneDN, MACAddress,
// serialNumber, modelNumber, versionID, appLoadID; /NetworkConfigurationX:
// <NetworkConfiguration> with HostName, IPAddress, SubNetMask, DefaultRouter1, DNSServer1,
// TFTPServer1, CallManager1..). The Peer Firmware Sharing element's name is not public:
// <PeerFirmwareSharing> (Enabled/Disabled) is the virtual lab's own.
import { subnetMask } from '../net-stack.ts';
import type { PhoneView } from './phone-view.ts';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function doc(root: string, fields: readonly (readonly [string, string])[]): string {
  const body = fields.map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>\n${body}\n</${root}>\n`;
}

/** versionID shows the release (9-4-2SR2-2S of SCCP41.9-4-2SR2-2S); appLoadID the jar of the load. */
export function deviceInformationFields(v: PhoneView): [string, string][] {
  const release = v.runningLoad.replace(/^[A-Z]+\d\d\./, '');
  const family = /^[A-Z]+(\d\d)\./.exec(v.runningLoad)?.[1] ?? '';
  return [
    ['HostName', v.hostName],
    ['phoneDN', ''],
    ['MACAddress', v.mac],
    ['serialNumber', `FCH${v.mac.slice(4)}`],
    ['modelNumber', v.model],
    ['versionID', release],
    ['appLoadID', `jar${family}sccp.${release}`],
    ['bootLoadID', `tnp${family}.8-3-1-21a.bin`],
    ['hardwareRevision', '2'],
  ];
}

export function networkConfigurationFields(v: PhoneView): [string, string][] {
  const fields: [string, string][] = [
    ['HostName', v.hostName],
    ['DHCPEnabled', 'No'],
    ['IPAddress', v.ip],
    ['SubNetMask', subnetMask(v.cidr)],
    ['DefaultRouter1', v.gateway ?? ''],
    ['DomainName', ''],
    ['TFTPServer1', v.tftpServer],
    ...v.callManagers.slice(0, 5).map((cm, i): [string, string] => [`CallManager${i + 1}`, `${cm} Active`]),
  ];
  if (v.pfs !== undefined) fields.push(['PeerFirmwareSharing', v.pfs ? 'Enabled' : 'Disabled']);
  return fields;
}

export const deviceInformationXml = (v: PhoneView): string => doc('DeviceInformation', deviceInformationFields(v));
export const networkConfigurationXml = (v: PhoneView): string => doc('NetworkConfiguration', networkConfigurationFields(v));
