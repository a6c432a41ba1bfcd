// Parses the phone's XML pages (/DeviceInformationX, /NetworkConfigurationX) into typed
// records. Element names are those public scripts read on 79xx phones; firmware releases add,
// drop or rename elements, so every element is also kept as text in `raw`, and a missing one
// is an empty string rather than an error (the caller decides what it needs).
import { XMLParser } from 'fast-xml-parser';

export interface DeviceInformation {
  hostName: string;
  macAddress: string;
  modelNumber: string;
  serialNumber: string;
  /** Release the phone runs, e.g. 9-4-2SR2-2S (some releases print the full load id). */
  versionId: string;
  appLoadId: string;
  bootLoadId: string;
  phoneDn: string;
  hardwareRevision: string;
  /** Every element of the page, by its name, as text. */
  raw: Record<string, string>;
}

export interface NetworkConfiguration {
  hostName: string;
  ipAddress: string;
  subnetMask: string;
  defaultRouter: string;
  dhcpEnabled: string;
  tftpServer1: string;
  tftpServer2: string;
  /** CallManager1..5 as shown (e.g. "10.10.0.10 Active"), empty ones dropped. */
  callManagers: string[];
  /** The page's Peer Firmware Sharing entry when there is one; its element name is not public (data: PFS_ELEMENTS). */
  peerFirmwareSharing?: boolean;
  raw: Record<string, string>;
}

/** Element names (case-insensitive) that may carry the PFS state; the first present wins. */
export const PFS_ELEMENTS = ['PeerFirmwareSharing', 'peerFirmwareSharing', 'PeerFirmwareSharingEnabled'];

export class XmlPageError extends Error {}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, processEntities: true, htmlEntities: true });

/** The root element's children as text; nested elements are flattened with dots. */
export function flattenXmlPage(xml: string, root: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (e) {
    throw new XmlPageError(`not XML: ${(e as Error).message}`);
  }
  const top = asObject(doc);
  const key = Object.keys(top).find((k) => k.toLowerCase() === root.toLowerCase());
  if (key === undefined) throw new XmlPageError(`no <${root}> element (got ${Object.keys(top).filter((k) => k !== '?xml').join(', ') || 'nothing'})`);
  const raw: Record<string, string> = {};
  flatten(top[key], '', raw);
  return raw;
}

function flatten(v: unknown, prefix: string, out: Record<string, string>): void {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    out[prefix] = String(v);
    return;
  }
  if (Array.isArray(v)) {
    // A repeated element: keep the first under its name and number the others (name#2 ...).
    v.forEach((item, i) => flatten(item, i === 0 ? prefix : `${prefix}#${i + 1}`, out));
    return;
  }
  const o = asObject(v);
  if (Object.keys(o).length === 0 && prefix !== '') out[prefix] = '';
  for (const [k, child] of Object.entries(o)) flatten(child, prefix === '' ? k : `${prefix}.${k}`, out);
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Case-insensitive lookup: releases differ in capitalisation (MACAddress / MacAddress). */
function pick(raw: Record<string, string>, ...names: string[]): string {
  for (const n of names) {
    const k = Object.keys(raw).find((key) => key.toLowerCase() === n.toLowerCase());
    if (k !== undefined) return raw[k] ?? '';
  }
  return '';
}

export function parseDeviceInformation(xml: string): DeviceInformation {
  const raw = flattenXmlPage(xml, 'DeviceInformation');
  return {
    hostName: pick(raw, 'HostName'),
    macAddress: pick(raw, 'MACAddress'),
    modelNumber: pick(raw, 'modelNumber'),
    serialNumber: pick(raw, 'serialNumber'),
    versionId: pick(raw, 'versionID'),
    appLoadId: pick(raw, 'appLoadID'),
    bootLoadId: pick(raw, 'bootLoadID'),
    phoneDn: pick(raw, 'phoneDN'),
    hardwareRevision: pick(raw, 'hardwareRevision'),
    raw,
  };
}

export function parseNetworkConfiguration(xml: string): NetworkConfiguration {
  const raw = flattenXmlPage(xml, 'NetworkConfiguration');
  const callManagers = [1, 2, 3, 4, 5].map((i) => pick(raw, `CallManager${i}`)).filter((s) => s !== '');
  const pfsText = pick(raw, ...PFS_ELEMENTS);
  return {
    hostName: pick(raw, 'HostName'),
    ipAddress: pick(raw, 'IPAddress'),
    subnetMask: pick(raw, 'SubNetMask'),
    defaultRouter: pick(raw, 'DefaultRouter1', 'DefaultRouter'),
    dhcpEnabled: pick(raw, 'DHCPEnabled'),
    tftpServer1: pick(raw, 'TFTPServer1'),
    tftpServer2: pick(raw, 'TFTPServer2'),
    callManagers,
    ...(pfsText === '' ? {} : { peerFirmwareSharing: /^(enabled|yes|1|true|on)$/i.test(pfsText) }),
    raw,
  };
}

/** Does the page show this load running? versionID may be the release or the whole load id. */
export function runsLoad(info: DeviceInformation, loadId: string): boolean {
  const release = loadId.replace(/^[A-Za-z]+\d\d\./, '');
  const v = info.versionId.trim();
  return v === loadId || v === release || info.appLoadId.endsWith(release) || info.appLoadId === loadId;
}
