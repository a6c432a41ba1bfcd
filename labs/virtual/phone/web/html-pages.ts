// The phone's HTML pages: a two-column table per page, as the 79xx pages are, and the
// console log list of the Serviceability adapter linking /FS/cache/log<N>.log.
import type { PhoneView } from './phone-view.ts';
import { deviceInformationFields, escapeXml as h, networkConfigurationFields } from './xml-pages.ts';

const LABELS: Record<string, string> = {
  HostName: 'Host Name',
  phoneDN: 'Phone DN',
  MACAddress: 'MAC Address',
  serialNumber: 'Serial Number',
  modelNumber: 'Model Number',
  versionID: 'Version',
  appLoadID: 'App Load ID',
  bootLoadID: 'Boot Load ID',
  hardwareRevision: 'Hardware Revision',
  DHCPEnabled: 'DHCP Enabled',
  IPAddress: 'IP Address',
  SubNetMask: 'Subnet Mask',
  DefaultRouter1: 'Default Router 1',
  DomainName: 'Domain Name',
  TFTPServer1: 'TFTP Server 1',
  PeerFirmwareSharing: 'Peer Firmware Sharing',
};

function page(title: string, v: PhoneView, body: string): string {
  return `<html><head><title>${h(title)}</title></head><body>
<h2>${h(title)}</h2><p>Cisco Unified IP Phone ${h(v.model)} ( ${h(v.hostName)} )</p>
<p><a href="/DeviceInformation">Device Information</a> | <a href="/NetworkConfiguration">Network Configuration</a> | <a href="/CGI/Java/Serviceability?adapter=device.statistics.consolelog">Console Logs</a></p>
${body}
</body></html>
`;
}

function table(fields: readonly (readonly [string, string])[]): string {
  const rows = fields.map(([k, val]) => `<tr><td><b>${h(LABELS[k] ?? k.replace(/(\d)$/, ' $1'))}</b></td><td>${h(val)}</td></tr>`);
  return `<table border="0">\n${rows.join('\n')}\n</table>`;
}

export const deviceInformationHtml = (v: PhoneView): string => page('Device Information', v, table(deviceInformationFields(v)));
export const networkConfigurationHtml = (v: PhoneView): string => page('Network Configuration', v, table(networkConfigurationFields(v)));

export function consoleLogsHtml(v: PhoneView): string {
  const links = v.log
    .list()
    .map((f) => `<tr><td><a href="/FS/cache/${h(f.name)}">/FS/cache/${h(f.name)}</a></td></tr>`)
    .join('\n');
  return page('Console Logs', v, `<table>\n${links}\n</table>`);
}
