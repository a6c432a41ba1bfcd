// One SET PDU may carry both pethPsePortAdminEnable and cpeExtPsePortEnable for the same
// port. When they disagree (one turns the port on, the other off) no order of applying
// them is right, so the later varbind is refused with inconsistentValue, as RFC 3416
// 4.2.5 (10) describes for a value that cannot be assigned given the other values. This
// needs the whole PDU, which only net-snmp's bulk set handler sees.
import type { MibRequest } from './net-snmp-agent.ts';
import { snmp } from './net-snmp-agent.ts';
import { cellOf } from './set-handlers.ts';
import type { CrossVarbindVerdicts } from './set-handlers.ts';
import { CPE_EXT_PSE_PORT_ENTRY, CpeExtPsePortColumn, PETH_PSE_PORT_ENTRY, PethPsePortColumn } from '../../../harness/formats/snmp/oids.ts';
import { CpeExtPsePortEnable, TruthValue } from './mib-values.ts';

/** Whether a SET varbind would power (true) or unpower (false) a port, and which port. */
function powerIntent(request: MibRequest): { port: string; on: boolean } | undefined {
  const value = request.setValue;
  if (typeof value !== 'number') return undefined;
  const peth = cellOf(PETH_PSE_PORT_ENTRY, request.oid);
  if (peth?.column === PethPsePortColumn.pethPsePortAdminEnable) {
    if (value !== TruthValue.true && value !== TruthValue.false) return undefined;
    return { port: peth.index.join('.'), on: value === TruthValue.true };
  }
  const cpe = cellOf(CPE_EXT_PSE_PORT_ENTRY, request.oid);
  if (cpe?.column === CpeExtPsePortColumn.cpeExtPsePortEnable) {
    if (value < CpeExtPsePortEnable.auto || value > CpeExtPsePortEnable.disable) return undefined;
    return { port: cpe.index.join('.'), on: value !== CpeExtPsePortEnable.disable };
  }
  return undefined;
}

/** Marks, in `verdicts`, each varbind whose power intent contradicts an earlier one for the same port. */
export function judgePowerIntents(requests: readonly MibRequest[], verdicts: CrossVarbindVerdicts): void {
  const first = new Map<string, boolean>();
  for (const request of requests) {
    const intent = powerIntent(request);
    if (intent === undefined) continue;
    const earlier = first.get(intent.port);
    if (earlier === undefined) first.set(intent.port, intent.on);
    else if (earlier !== intent.on) verdicts.set(request, snmp.ErrorStatus.InconsistentValue);
  }
}
