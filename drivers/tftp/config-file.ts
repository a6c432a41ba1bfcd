// A phone's configuration file as CUCM's TFTP serves it (SEP<MAC>.cnf.xml), read by TFTP
// and parsed into what a PFS lab checks: the target load, the effective Peer Firmware
// Sharing setting, SSH and web access, the SSH account and servers. Every vendorConfig
// element is kept as text (firmware releases and CUCM versions add settings), and so is
// every other element (flattened, dotted paths) in `raw`.
//
// Encodings are CUCM's: peerFirmwareSharing 1 = enabled, 0 = disabled; sshAccess and
// webAccess 0 = enabled, 1 = disabled. CUCM resolves the phone / common phone profile /
// enterprise levels into <vendorConfig>; when a setting is absent there we look in
// <commonConfig> then <enterpriseConfig> (older CUCM versions put them there) and say where
// the value came from.
import { XMLParser } from 'fast-xml-parser';
import { secretRegistry } from '../../harness/lab/index.ts';

export type SettingSource = 'vendorConfig' | 'commonConfig' | 'enterpriseConfig' | 'absent';

export interface PhoneConfigFile {
  /** The file it was read from, e.g. SEP0250F5A10001.cnf.xml */
  file: string;
  /** Target load id (<loadInformation>); empty: the phone takes term<NN>.default.loads. */
  loadInformation: string;
  peerFirmwareSharing: boolean;
  /** Where the PFS value came from, and its text as written. */
  peerFirmwareSharingSource: SettingSource;
  peerFirmwareSharingText?: string;
  /** Absent means CUCM's default for both: enabled. */
  sshAccess: boolean;
  webAccess: boolean;
  sshUserId: string;
  /** Registered for redaction as soon as it is read: CUCM writes it in clear. */
  sshPassword: string;
  deviceProtocol: string;
  versionStamp: string;
  callManagers: string[];
  logServer: string;
  loadServer: string;
  /** Every element of <vendorConfig>, as text. */
  vendorConfig: Record<string, string>;
  /** Every element of the file, flattened with dots (device.devicePool.name ...). */
  raw: Record<string, string>;
}

export class ConfigFileParseError extends Error {}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true });

export function configFileNameOf(deviceName: string): string {
  return `${deviceName.toUpperCase()}.cnf.xml`;
}

export function parsePhoneConfigFile(xml: string | Buffer, file: string): PhoneConfigFile {
  let doc: unknown;
  try {
    doc = parser.parse(typeof xml === 'string' ? xml : xml.toString('utf8'));
  } catch (e) {
    throw new ConfigFileParseError(`${file}: not XML: ${(e as Error).message}`);
  }
  const device = obj(obj(doc).device);
  if (Object.keys(device).length === 0) throw new ConfigFileParseError(`${file}: no <device> element`);
  const levels: [SettingSource, Record<string, string>][] = [
    ['vendorConfig', texts(device.vendorConfig)],
    ['commonConfig', texts(device.commonConfig)],
    ['enterpriseConfig', texts(device.enterpriseConfig)],
  ];
  const setting = (name: string): { source: SettingSource; text?: string } => {
    for (const [source, values] of levels) {
      const text = values[name];
      if (text !== undefined && text !== '') return { source, text };
    }
    return { source: 'absent' };
  };
  const pfs = setting('peerFirmwareSharing');
  const members = obj(obj(obj(device.devicePool).callManagerGroup).members).member;
  const callManagers = (Array.isArray(members) ? members : members === undefined ? [] : [members]).map((m) => str(obj(obj(m).callManager).name)).filter((n) => n !== '');
  const sshPassword = str(device.sshPassword);
  if (sshPassword !== '') secretRegistry.add(sshPassword, `${file} sshPassword`);
  const raw: Record<string, string> = {};
  flatten(device, 'device', raw);
  return {
    file,
    loadInformation: str(device.loadInformation),
    peerFirmwareSharing: pfs.text === '1',
    peerFirmwareSharingSource: pfs.source,
    ...(pfs.text === undefined ? {} : { peerFirmwareSharingText: pfs.text }),
    sshAccess: (setting('sshAccess').text ?? '0') === '0',
    webAccess: (setting('webAccess').text ?? '0') === '0',
    sshUserId: str(device.sshUserId),
    sshPassword,
    deviceProtocol: str(device.deviceProtocol),
    versionStamp: str(device.versionStamp),
    callManagers,
    logServer: setting('logServer').text ?? '',
    loadServer: setting('loadServer').text ?? '',
    vendorConfig: levels[0]?.[1] ?? {},
    raw,
  };
}

function texts(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, child] of Object.entries(obj(v))) out[k] = typeof child === 'object' && child !== null ? JSON.stringify(child) : str(child);
  return out;
}

function flatten(v: unknown, prefix: string, out: Record<string, string>): void {
  if (Array.isArray(v)) return v.forEach((item, i) => flatten(item, i === 0 ? prefix : `${prefix}#${i + 1}`, out));
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    if (entries.length === 0) out[prefix] = '';
    for (const [k, child] of entries) flatten(child, `${prefix}.${k}`, out);
    return;
  }
  out[prefix] = str(v);
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
