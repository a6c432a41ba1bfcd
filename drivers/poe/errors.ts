// What a PoE driver call throws: which switch, which port, what was being done, and what
// the agent (or its silence) said. Messages name devices and SNMP outcomes only: the
// community or v3 keys never appear (design rule 6), and whatever net-snmp says is passed
// through the secret registry anyway, in case a future version quotes a community.
import * as snmp from 'net-snmp';
import { secretRegistry } from '../../harness/lab/secret-registry.ts';

/** How an SNMP exchange failed, in RFC 3416's words where the agent answered. */
export type SnmpFailureKind =
  | 'no answer'
  | 'noSuchObject'
  | 'noSuchInstance'
  | 'endOfMibView'
  | 'unexpected value'
  | 'transport'
  | (string & {});

export class PoeError extends Error {
  override readonly name = 'PoeError';
  constructor(
    /** The switch's name in the lab. */
    readonly switchName: string,
    /** The port as people read it, e.g. "1/7 (Gi1/0/7)"; empty when the failure concerns the switch. */
    readonly port: string,
    /** What the driver was doing, e.g. "SET pethPsePortAdminEnable". */
    readonly operation: string,
    readonly kind: SnmpFailureKind,
    detail = '',
  ) {
    const where = port === '' ? `PoE switch ${switchName}` : `PoE switch ${switchName} port ${port}`;
    super(secretRegistry.redact(`${where}: ${operation} failed: ${kind}${detail === '' ? '' : ` (${detail})`}`));
  }
}

/** RFC 3416 error-status names, indexed by the number net-snmp reports. */
const ERROR_STATUS_NAMES = [
  'noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr', 'noAccess', 'wrongType', 'wrongLength',
  'wrongEncoding', 'wrongValue', 'noCreation', 'inconsistentValue', 'resourceUnavailable', 'commitFailed',
  'undoFailed', 'authorizationError', 'notWritable', 'inconsistentName',
] as const;

/** A hint for the errors people hit when onboarding a switch. */
const HINTS: Partial<Record<string, string>> = {
  'no answer': 'wrong address, port, community or v3 credentials, or an ACL drops us',
  noAccess: 'the community may read but not write; check writeCommunity and the switch view',
  authorizationError: 'the v3 user may not write; check its group and write view',
  notWritable: 'the agent does not let this object be written',
  noSuchInstance: 'the switch has no such PSE port',
  noSuchObject: 'the switch does not serve this MIB object',
};

/** The failure kind and a hint for an error net-snmp returned. */
export function classify(error: unknown): { kind: SnmpFailureKind; detail: string } {
  const e = error as { name?: string; status?: number; message?: string };
  if (e.name === 'RequestTimedOutError') return { kind: 'no answer', detail: HINTS['no answer'] ?? '' };
  if (e.name === 'RequestFailedError' && typeof e.status === 'number') {
    const kind = ERROR_STATUS_NAMES[e.status] ?? `error-status ${e.status}`;
    return { kind, detail: HINTS[kind] ?? '' };
  }
  return { kind: 'transport', detail: `${e.name ?? 'Error'}: ${e.message ?? String(error)}` };
}

/** The exception carried by a varbind (noSuchObject ...), or undefined when it holds a value. */
export function varbindFailure(varbind: snmp.Varbind): { kind: SnmpFailureKind; detail: string } | undefined {
  if (!snmp.isVarbindError(varbind)) return undefined;
  const kind =
    varbind.type === snmp.ObjectType.NoSuchObject
      ? 'noSuchObject'
      : varbind.type === snmp.ObjectType.NoSuchInstance
        ? 'noSuchInstance'
        : 'endOfMibView';
  return { kind, detail: HINTS[kind] ?? varbind.oid };
}
