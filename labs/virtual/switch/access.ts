// Who may talk to the switch and who may write. net-snmp's authorizer decides who is heard
// at all: a request with an unknown community is dropped without an answer, as a Catalyst
// does. Write permission is decided by the set gate (set-gate.ts), not by net-snmp's
// SimpleAccessControlModel, because that model answers noAccess to v3 users too, while a
// v3 agent (VACM) answers a user without a write view with authorizationError.
import type { Authorizer, AgentUser, RequestMessage } from './net-snmp-agent.ts';
import { snmp } from './net-snmp-agent.ts';
import type { V2cCommunities, V3UserConfig } from './options.ts';

const LEVEL: Record<V3UserConfig['level'], snmp.SecurityLevel> = {
  noAuthNoPriv: snmp.SecurityLevel.noAuthNoPriv,
  authNoPriv: snmp.SecurityLevel.authNoPriv,
  authPriv: snmp.SecurityLevel.authPriv,
};
const AUTH = { md5: snmp.AuthProtocols.md5, sha: snmp.AuthProtocols.sha } as const;
const PRIV = { des: snmp.PrivProtocols.des, aes: snmp.PrivProtocols.aes } as const;

export function agentUser(u: V3UserConfig): AgentUser {
  const user: AgentUser = { name: u.user, level: LEVEL[u.level] };
  if (u.level !== 'noAuthNoPriv' && u.authProtocol !== undefined) {
    user.authProtocol = AUTH[u.authProtocol];
    user.authKey = u.authKey;
  }
  if (u.level === 'authPriv' && u.privProtocol !== undefined) {
    user.privProtocol = PRIV[u.privProtocol];
    user.privKey = u.privKey;
  }
  return user;
}

/** Tells net-snmp's authorizer every community and user that may be heard. */
export function admit(authorizer: Authorizer, v2c: V2cCommunities | undefined, v3: readonly V3UserConfig[]): void {
  if (v2c !== undefined) {
    authorizer.addCommunity(v2c.readCommunity);
    if (v2c.writeCommunity !== undefined) authorizer.addCommunity(v2c.writeCommunity);
  }
  for (const u of v3) authorizer.addUser(agentUser(u));
}

export type WriteDecision = { allowed: true } | { allowed: false; refusal: snmp.ErrorStatus };

/** Whether an (already admitted) request may SET, and if not, the error a real agent gives. */
export function writeDecider(
  v2c: V2cCommunities | undefined,
  v3: readonly V3UserConfig[],
): (message: RequestMessage) => WriteDecision {
  const writers = new Set(v3.filter((u) => u.write).map((u) => u.user));
  return (message) => {
    if (message.version === snmp.Version3) {
      return writers.has(message.user?.name ?? '')
        ? { allowed: true }
        : { allowed: false, refusal: snmp.ErrorStatus.AuthorizationError };
    }
    // v1 and v2c: only the write community writes; net-snmp maps noAccess to noSuchName for v1.
    return v2c?.writeCommunity !== undefined && message.community === v2c.writeCommunity
      ? { allowed: true }
      : { allowed: false, refusal: snmp.ErrorStatus.NoAccess };
  };
}
