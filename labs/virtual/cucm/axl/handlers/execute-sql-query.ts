// executeSQLQuery, as far as pfslab needs it: the Device Defaults load of one device type and
// protocol, read from the `defaults` table joined to `typemodel` (AXL 10.5 has no Device
// Defaults method; pfs-reference §5: columns tkmodel, tkdeviceprotocol 0 SCCP / 11 SIP,
// loadinformation, inactiveloadinformation). A real CUCM runs any Informix SELECT; this one
// answers exactly the statement shape below and refuses every other with a fault, so that a
// driver that starts sending other SQL is noticed by its tests.
//
//   select d.loadinformation, d.inactiveloadinformation from defaults as d
//   inner join typemodel as tm on d.tkmodel = tm.enum
//   where tm.name = 'Cisco 7961' and d.tkdeviceprotocol = 0
//
// The answer is CUCM's: <return><row><column>value</column>...</row>...</return>, column
// elements named as selected (without the table alias), empty for an empty value.

import { findPhoneModel } from '../../model/phone-models.ts';
import { AxlFault, usage } from '../axl-fault.ts';
import { childText } from '../xml-read.ts';
import { el } from '../xml-write.ts';
import type { AxlCall } from './axl-call.ts';

const PROTOCOLS: Readonly<Record<string, 'SCCP' | 'SIP'>> = { '0': 'SCCP', '11': 'SIP' };
const COLUMNS = new Set(['loadinformation', 'inactiveloadinformation', 'tkmodel', 'tkdeviceprotocol']);

const DEFAULTS_QUERY =
  /^select\s+(?<columns>d\.\w+(?:\s*,\s*d\.\w+)*)\s+from\s+defaults\s+(?:as\s+)?d\s+inner\s+join\s+typemodel\s+(?:as\s+)?tm\s+on\s+d\.tkmodel\s*=\s*tm\.enum\s+where\s+tm\.name\s*=\s*'(?<model>(?:[^']|'')*)'\s+and\s+d\.tkdeviceprotocol\s*=\s*(?<protocol>\d+)\s*;?$/i;

export function executeSQLQuery(call: AxlCall): string {
  const sql = (childText(call.body, 'sql') ?? '').trim();
  if (sql === '') throw usage('executeSQLQuery needs <sql>');
  const m = DEFAULTS_QUERY.exec(sql.replace(/\s+/g, ' '));
  // -1 with the SQL engine's words: this twin's database is not Informix.
  if (!m?.groups) throw new AxlFault(-1, `This virtual CUCM answers only the Device Defaults query of pfslab, not: ${sql.slice(0, 200)}`);
  const columns = (m.groups['columns'] ?? '').split(',').map((c) => c.trim().replace(/^d\./i, '').toLowerCase());
  const unknown = columns.find((c) => !COLUMNS.has(c));
  if (unknown !== undefined) throw new AxlFault(-217, `Column (${unknown}) not found in any table in the query (or SLV is undefined).`);
  const protocol = PROTOCOLS[m.groups['protocol'] ?? ''];
  const model = findPhoneModel((m.groups['model'] ?? '').replace(/''/g, "'"));
  // No row: an unknown device type or protocol matches nothing, as in SQL.
  if (!model || !protocol) return '<return/>';
  const store = call.services.store;
  const load = (protocol === 'SCCP' ? store.deviceDefaults : store.sipDeviceDefaults).get(model.code) ?? '';
  const value = (c: string): string =>
    c === 'loadinformation' ? load : c === 'inactiveloadinformation' ? '' : c === 'tkdeviceprotocol' ? (m.groups?.['protocol'] ?? '') : model.code;
  return `<return><row>${columns.map((c) => el(c, value(c))).join('')}</row></return>`;
}
