// Reading a device type's Device Defaults load over AXL, the way the cluster's version allows:
// AXL 10.5 and 11.x have no Device Defaults method (pfs-reference §5), so the load is read
// with executeSQLQuery from the `defaults` table; AXL 12.5 added getDeviceDefaults. Device
// Defaults hold one row per device type AND protocol (SCCP and SIP rows for one model), so
// both are always given.

import { CucmError } from '../errors.ts';
import { isNode, textOf, type XmlValue } from './soap.ts';
import { xmlEscape } from './requests.ts';

import type { DeviceProtocol } from '../types.ts';

export type { DeviceProtocol };

/** typedeviceprotocol enums (pfs-reference §5: 0 SCCP, 11 SIP). */
export const PROTOCOL_ENUM: Readonly<Record<DeviceProtocol, number>> = { SCCP: 0, SIP: 11 };

/** The first AXL version with getDeviceDefaults. */
const GET_DEVICE_DEFAULTS_SINCE: readonly [number, number] = [12, 5];

export function hasGetDeviceDefaults(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [sMajor, sMinor] = GET_DEVICE_DEFAULTS_SINCE;
  return major > sMajor || (major === sMajor && minor >= sMinor);
}

export interface DeviceDefaultsRequest {
  method: 'executeSQLQuery' | 'getDeviceDefaults';
  /** The request element's content. */
  body: string;
}

/** An SQL string literal: quotes doubled; device type names never hold control characters. */
function sqlString(v: string): string {
  if ([...v].some((ch) => ch < ' ' || ch === '\\')) throw new CucmError(`device type "${v}" holds characters pfslab will not put into SQL`);
  return `'${v.replace(/'/g, "''")}'`;
}

export function deviceDefaultsSql(deviceType: string, protocol: DeviceProtocol): string {
  return (
    'select d.loadinformation from defaults as d inner join typemodel as tm on d.tkmodel = tm.enum ' +
    `where tm.name = ${sqlString(deviceType)} and d.tkdeviceprotocol = ${PROTOCOL_ENUM[protocol]}`
  );
}

export function deviceDefaultsRequest(version: string, deviceType: string, protocol: DeviceProtocol): DeviceDefaultsRequest {
  if (hasGetDeviceDefaults(version)) {
    // [unverified: no 12.5 schema at hand] element names as pfs-reference §5 gives them;
    // `pfslab cucm probe --axl-schema` checks them against the cluster's own schema.
    return { method: 'getDeviceDefaults', body: `<Model>${xmlEscape(deviceType)}</Model><Protocol>${protocol}</Protocol>` };
  }
  return { method: 'executeSQLQuery', body: `<sql>${xmlEscape(deviceDefaultsSql(deviceType, protocol))}</sql>` };
}

/** The load out of either answer; '' when the row has none. Throws when there is no row. */
export function deviceDefaultsLoad(req: DeviceDefaultsRequest, ret: XmlValue, deviceType: string, protocol: DeviceProtocol): string {
  const where = `Device Defaults of ${deviceType} (${protocol}) via AXL ${req.method}`;
  if (req.method === 'getDeviceDefaults') {
    const d = isNode(ret) ? (ret['deviceDefaults'] ?? ret['DeviceDefaults']) : undefined;
    if (!isNode(d)) throw new CucmError(`${where}: no <deviceDefaults> in <return>`);
    return (textOf(d['LoadInformation'] ?? d['loadInformation'] ?? d['loadinformation']) ?? '').trim();
  }
  const rows = isNode(ret) ? ret['row'] : undefined;
  const list = Array.isArray(rows) ? rows : rows === undefined ? [] : [rows];
  if (list.length === 0) throw new CucmError(`${where}: CUCM has no Device Defaults row for this device type and protocol`);
  if (list.length > 1) throw new CucmError(`${where}: ${list.length} rows where one was expected`);
  const row = list[0];
  return (isNode(row) ? (textOf(row['loadinformation']) ?? '') : '').trim();
}
