// The checks a real agent makes on a SetRequest before any value is looked at, done in
// front of net-snmp's own SET processing (RFC 3416 4.2.5, in its order):
//   write access     -> noAccess (v1/v2c) / authorizationError (v3)      [access.ts]
//   no such writable object under that prefix -> notWritable
//   value of the wrong ASN.1 type            -> wrongType
//   writable column, but no such row         -> noCreation (the switch creates no rows)
// Values themselves are judged by the column writers (set-handlers.ts).
//
// net-snmp 3.29 defects this works around, each seen with Debian's snmpset:
// - a SET to an OID that does not exist is answered noError with a noSuchInstance /
//   noSuchObject varbind, so a manager believes the SET succeeded;
// - a value is cast to the column's type instead of being type-checked, so `snmpset ... u 2`
//   (Gauge32) into an INTEGER column succeeds where a real agent says wrongType.
import type { RemoteInfo, Socket } from 'node:dgram';
import type { Agent, Mib, Provider, RequestMessage } from './net-snmp-agent.ts';
import { ProviderKind, snmp } from './net-snmp-agent.ts';
import type { WriteDecision } from './access.ts';

export interface SetRefusal {
  status: snmp.ErrorStatus;
  /** 1-based position of the refused varbind, as error-index counts. */
  index: number;
}

interface Target {
  writable: boolean;
  type: number;
}

/** The object an OID names among the registered providers (longest OID prefix wins). */
function targetOf(oid: string, providers: readonly Provider[]): Target | undefined {
  let best: Provider | undefined;
  for (const p of providers) {
    if (oid.startsWith(`${p.oid}.`) && (best === undefined || p.oid.length > best.oid.length)) best = p;
  }
  if (best === undefined) return undefined;
  if (best.type === ProviderKind.Scalar) {
    return { writable: best.maxAccess >= snmp.MaxAccess['read-write'], type: best.scalarType };
  }
  const columnNumber = Number(oid.slice(best.oid.length + 1).split('.')[0]);
  const column = best.tableColumns.find((c) => c.number === columnNumber);
  if (column === undefined) return undefined;
  return { writable: column.maxAccess >= snmp.MaxAccess['read-write'], type: column.type };
}

function instanceExists(mib: Mib, oid: string): boolean {
  const node = mib.lookup(oid);
  return node !== null && node.value !== undefined && node.value !== null && Object.keys(node.children).length === 0;
}

/** The first reason to refuse a SET outright, or undefined to let the column writers judge it. */
export function firstSetRefusal(
  message: RequestMessage,
  mib: Mib,
  providers: readonly Provider[],
  decide: (message: RequestMessage) => WriteDecision,
): SetRefusal | undefined {
  const decision = decide(message);
  if (!decision.allowed) return { status: decision.refusal, index: 1 };
  const varbinds = message.pdu.varbinds;
  for (let i = 0; i < varbinds.length; i++) {
    const varbind = varbinds[i];
    if (varbind === undefined) continue;
    const target = targetOf(varbind.oid, providers);
    if (target === undefined || !target.writable) return { status: snmp.ErrorStatus.NotWritable, index: i + 1 };
    if (varbind.type !== target.type) return { status: snmp.ErrorStatus.WrongType, index: i + 1 };
    if (!instanceExists(mib, varbind.oid)) return { status: snmp.ErrorStatus.NoCreation, index: i + 1 };
  }
  return undefined;
}

/** RFC 3416's spelling of each error-status (noAccess, notWritable, ...), for the log. */
const ERROR_NAME = Object.fromEntries(
  Object.entries(snmp.ErrorStatus)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [v, `${k.charAt(0).toLowerCase()}${k.slice(1)}`]),
) as Record<number, string>;

/** Puts the gate in front of the agent's SetRequest processing (an instance override of an internal method). */
export function installSetGate(
  agent: Agent,
  providers: readonly Provider[],
  decide: (message: RequestMessage) => WriteDecision,
  log: (line: string) => void,
): void {
  const netSnmpSetRequest = agent.setRequest;
  agent.setRequest = (socket: Socket, message: RequestMessage, rinfo: RemoteInfo): void => {
    const refusal = firstSetRefusal(message, agent.getMib(), providers, decide);
    if (refusal === undefined) {
      netSnmpSetRequest.call(agent, socket, message, rinfo);
      return;
    }
    const refused = message.pdu.varbinds[refusal.index - 1]?.oid ?? '?';
    log(`SET from ${rinfo.address}:${rinfo.port} refused: ${ERROR_NAME[refusal.status] ?? refusal.status} at ${refused}`);
    // RFC 3416 4.2.5: an error response carries the request's varbinds unchanged.
    const response = message.pdu.getResponsePduForRequest();
    response.varbinds = message.pdu.varbinds.map((v) => ({ oid: v.oid, type: v.type, value: v.value }));
    response.errorStatus = refusal.status;
    response.errorIndex = refusal.index;
    agent.sendResponse(socket, rinfo, message, response);
  };
}
