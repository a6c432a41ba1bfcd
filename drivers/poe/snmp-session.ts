// Opens the SNMP sessions to one switch from its lab entry: v2c (a read and a write
// community) or v3 USM (one user, noAuthNoPriv .. authPriv). Secrets are resolved through
// resolveSecret, which registers them for redaction before anything could log them.
import * as snmp from 'net-snmp';
import type { SwitchSpec } from '../../harness/lab/schema.ts';
import type { SecretContext } from '../../harness/lab/secrets.ts';
import { resolveSecret } from '../../harness/lab/secrets.ts';
// Node 20's OpenSSL has no single DES; the virtual switch's fix is process-wide and serves
// clients too. It lives with the switch for now (see the PoE driver's report: a shared
// SNMP folder would suit it better).
import { ensureDesPrivacy } from '../../harness/formats/snmp/des-privacy.ts';

/** The two sessions a driver uses: reads go with the read community, SETs with the write one. */
export interface SwitchSessions {
  read: snmp.Session;
  write: snmp.Session;
  close(): void;
}

type V3Spec = Extract<SwitchSpec['snmp'], { user: string }>;

const AUTH: Record<NonNullable<V3Spec['authProtocol']>, snmp.AuthProtocols> = {
  MD5: snmp.AuthProtocols.md5,
  SHA: snmp.AuthProtocols.sha,
  'SHA-224': snmp.AuthProtocols.sha224,
  'SHA-256': snmp.AuthProtocols.sha256,
  'SHA-384': snmp.AuthProtocols.sha384,
  'SHA-512': snmp.AuthProtocols.sha512,
};

// AES-256 as Cisco IOS does it (and Net-SNMP's "AES-256-C"): the Reeder key extension,
// net-snmp's aes256r. Not verified against a Catalyst here: if one refuses it, this table
// is the one place to change. AES-192 has no net-snmp implementation.
const PRIV: Record<NonNullable<V3Spec['privProtocol']>, snmp.PrivProtocols | undefined> = {
  DES: snmp.PrivProtocols.des,
  AES: snmp.PrivProtocols.aes,
  'AES-192': undefined,
  'AES-256': snmp.PrivProtocols.aes256r,
};

const LEVEL: Record<V3Spec['securityLevel'], snmp.SecurityLevel> = {
  noAuthNoPriv: snmp.SecurityLevel.noAuthNoPriv,
  authNoPriv: snmp.SecurityLevel.authNoPriv,
  authPriv: snmp.SecurityLevel.authPriv,
};

/**
 * net-snmp re-emits socket errors (e.g. ICMP port unreachable on some kernels) as 'error'
 * events on the session; unheard, one would crash the run. The request in flight still
 * ends in its own timeout, which is what the caller is told ("no answer").
 */
function quiet(session: snmp.Session): snmp.Session {
  session.on('error', () => undefined);
  return session;
}

function common(sw: SwitchSpec) {
  return { port: sw.snmpPort, timeout: sw.timeoutMs, retries: sw.retries, transport: 'udp4' as const };
}

async function v3User(sw: SwitchSpec, v3: V3Spec, ctx: SecretContext): Promise<snmp.User> {
  const user: snmp.User = { name: v3.user, level: LEVEL[v3.securityLevel] };
  if (v3.authProtocol !== undefined && v3.authKey !== undefined) {
    user.authProtocol = AUTH[v3.authProtocol];
    user.authKey = await resolveSecret(v3.authKey, ctx);
  }
  if (v3.privProtocol !== undefined && v3.privKey !== undefined) {
    const priv = PRIV[v3.privProtocol];
    if (priv === undefined) throw new Error(`PoE switch ${sw.name}: privacy ${v3.privProtocol} is not supported by net-snmp; use AES or AES-256`);
    if (priv === snmp.PrivProtocols.des) ensureDesPrivacy();
    user.privProtocol = priv;
    user.privKey = await resolveSecret(v3.privKey, ctx);
  }
  return user;
}

export async function openSwitchSessions(sw: SwitchSpec, ctx: SecretContext): Promise<SwitchSessions> {
  const cfg = sw.snmp;
  if (cfg.version === '2c') {
    const readCommunity = await resolveSecret(cfg.community, ctx);
    const writeCommunity = cfg.writeCommunity === undefined ? readCommunity : await resolveSecret(cfg.writeCommunity, ctx);
    const options = { ...common(sw), version: snmp.Version2c };
    const read = quiet(snmp.createSession(sw.host, readCommunity, options));
    const write = writeCommunity === readCommunity ? read : quiet(snmp.createSession(sw.host, writeCommunity, options));
    return {
      read,
      write,
      close: () => {
        read.close();
        if (write !== read) write.close();
      },
    };
  }
  const session = quiet(snmp.createV3Session(sw.host, await v3User(sw, cfg, ctx), common(sw)));
  return { read: session, write: session, close: () => session.close() };
}
