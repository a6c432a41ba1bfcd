// How to reach one CUCM: from the lab description (cucm: url, user, password reference,
// version, axl, tls) plus timeouts from the options; TLS trust as below.
//   cucm.tls in the lab (ca: PEM file, insecure: true), or for one run:
//   PFSLAB_CUCM_CA=/path/ca-or-cert.pem   trust this CA / self-signed certificate
//   PFSLAB_CUCM_INSECURE=1                 accept any certificate (a lab CUCM, knowingly)
//   cucm.tls.fingerprint: SHA-256 of CUCM's certificate (openssl x509 -noout -fingerprint -sha256): that certificate only

import { InputFileError, readBoundedText } from '../../harness/io/bounded-file.ts';
import path from 'node:path';
import type { LoadedLab } from '../../harness/lab/load.ts';
import { resolveSecret } from '../../harness/lab/secrets.ts';
import { CucmError } from './errors.ts';
import { normalizeFingerprint } from './tls-pin.ts';

export interface CucmTls {
  /** PEM of the CA (or the server's own self-signed certificate) to trust. */
  ca?: string;
  /** Accept any certificate; only when the lab says so. */
  insecure?: boolean;
  /** The SHA-256 fingerprint of CUCM's own certificate (upper-case hex pairs with colons): only that certificate is accepted. */
  fingerprint?: string;
}

export interface CucmConnection {
  /** Base URL of CUCM administration, e.g. https://10.10.0.10/ */
  url: string;
  user: string;
  /** Resolved through resolveSecret (so registered for redaction); never logged. */
  password: string;
  /** AXL schema version, e.g. "10.5". */
  version: string;
  /** AXL endpoint; undefined when the lab disables AXL. */
  axlUrl: string | undefined;
  tls: CucmTls;
  /** Per request (AXL) / per page step (web). */
  timeoutMs: number;
  /** What this CUCM gives a phone that no level sets PFS for, as the lab states it; undefined: pfslab's assumption (pfs-values.ts). */
  pfsBuiltInDefault?: 'Enabled' | 'Disabled';
}

export interface ConnectionOptions {
  tls?: CucmTls;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export async function connectionFromLab(lab: LoadedLab, opts: ConnectionOptions = {}): Promise<CucmConnection> {
  const c = lab.spec.cucm;
  const env = opts.env ?? process.env;
  const password = await resolveSecret(c.password, { env, kind: lab.spec.kind, nearPaths: [lab.file] });
  return {
    url: c.url,
    user: c.user,
    password,
    version: c.version,
    axlUrl: c.axl.enabled ? (c.axl.url ?? defaultAxlUrl(c.url)) : undefined,
    tls: opts.tls ?? (await tlsFrom(env, lab)),
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(c.pfsBuiltInDefault ? { pfsBuiltInDefault: c.pfsBuiltInDefault } : {}),
  };
}

/** A real publisher serves AXL on 8443 (pfs-reference §5). */
export function defaultAxlUrl(adminUrl: string): string {
  const u = new URL(adminUrl);
  return `https://${u.host.replace(/:\d+$/, '')}:8443/axl/`;
}

/** The lab's cucm.tls, overridden by PFSLAB_CUCM_CA / PFSLAB_CUCM_INSECURE for one run. */
async function tlsFrom(env: NodeJS.ProcessEnv, lab: LoadedLab): Promise<CucmTls> {
  const labTls = lab.spec.cucm.tls;
  const insecure = env.PFSLAB_CUCM_INSECURE === '1' || env.PFSLAB_CUCM_INSECURE === 'true' || (labTls?.insecure ?? false);
  // A certificate that does not verify is refused; switching that off is for virtual labs only
  // (lab validate refuses cucm.tls.insecure in a real lab; the variable is refused here).
  if (insecure && lab.spec.kind === 'real') {
    throw new CucmError(`${lab.file}: PFSLAB_CUCM_INSECURE is for virtual labs only; name CUCM's CA (or its own certificate) in cucm.tls.ca or PFSLAB_CUCM_CA, or pin its fingerprint in cucm.tls.fingerprint`);
  }
  const fingerprint = labTls?.fingerprint === undefined ? undefined : normalizeFingerprint(labTls.fingerprint);
  const caFile = env.PFSLAB_CUCM_CA ?? (labTls?.ca === undefined ? undefined : path.resolve(path.dirname(lab.file), labTls.ca));
  if (!caFile) return fingerprint ? { insecure, fingerprint } : { insecure };
  const origin = env.PFSLAB_CUCM_CA ? 'PFSLAB_CUCM_CA' : `${lab.file} cucm.tls.ca`;
  try {
    const ca = await readBoundedText(caFile, 'CA certificate file');
    return fingerprint ? { ca, insecure, fingerprint } : { ca, insecure };
  } catch (e) {
    throw new CucmError(`${origin}=${caFile}: ${e instanceof InputFileError ? e.reason : String(e)}`);
  }
}
