// What a phone takes from its SEP<MAC>.cnf.xml (as labs/virtual/cucm/config-file.ts writes
// it, the structure of CUCM's files): the target load, the product-specific settings in
// <vendorConfig> (peerFirmwareSharing 1 = on; sshAccess and webAccess 0 = on, CUCM's
// encodings), the SSH account and the CUCM it registers with.
import { XMLParser } from 'fast-xml-parser';

export interface PhoneConfig {
  loadInformation: string;
  peerFirmwareSharing: boolean;
  sshAccess: boolean;
  webAccess: boolean;
  sshUserId: string;
  sshPassword: string;
  callManagers: string[];
  logServer: string;
  loadServer: string;
}

export class ConfigFileError extends Error {}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

export function parseConfigFile(xml: Buffer | string, label: string): PhoneConfig {
  let doc: unknown;
  try {
    doc = parser.parse(typeof xml === 'string' ? xml : xml.toString('utf8'));
  } catch (e) {
    throw new ConfigFileError(`${label}: not XML: ${(e as Error).message}`);
  }
  const device = obj(obj(doc).device);
  if (Object.keys(device).length === 0) throw new ConfigFileError(`${label}: no <device> element`);
  const vendor = obj(device.vendorConfig);
  const members = obj(obj(obj(device.devicePool).callManagerGroup).members).member;
  const callManagers = (Array.isArray(members) ? members : members === undefined ? [] : [members])
    .map((m) => str(obj(obj(m).callManager).name))
    .filter((n) => n !== '');
  return {
    loadInformation: str(device.loadInformation),
    peerFirmwareSharing: str(vendor.peerFirmwareSharing) === '1',
    // Absent means CUCM's default: enabled (0) for both.
    sshAccess: (str(vendor.sshAccess) || '0') === '0',
    webAccess: (str(vendor.webAccess) || '0') === '0',
    sshUserId: str(device.sshUserId),
    sshPassword: str(device.sshPassword),
    callManagers,
    logServer: str(vendor.logServer),
    loadServer: str(vendor.loadServer),
  };
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
