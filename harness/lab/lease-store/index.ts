// Which lease store a lab uses: PFSLAB_LEASE_STORE=etcd://HOST:PORT[,HOST:PORT...] (or
// etcds:// for https) for the run, else the lab file's `lease:` block, else the lease
// directory (PFSLAB_LEASE_DIR, default .pfslab/leases). TLS files and the etcd password are
// read here; the password is registered for redaction as every secret is.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedLab } from '../load.ts';
import { LeaseError } from '../lease-file.ts';
import type { LeaseStoreSpec } from '../schema/lease.ts';
import { resolveSecret } from '../secrets.ts';
import { EtcdLeaseStore } from './etcd.ts';
import type { EtcdTls } from './etcd-gateway.ts';
import { FileLeaseStore } from './file.ts';
import type { LeaseStore } from './types.ts';

export { EtcdLeaseStore } from './etcd.ts';
export { FileLeaseStore } from './file.ts';
export { describeHolder, LeaseLostError } from './types.ts';
export type { HealthRecord, LeaseStore, StoreAcquireOptions } from './types.ts';

export const DEFAULT_BAD_AFTER = 3;

/** The endpoints of PFSLAB_LEASE_STORE, or undefined when it does not name etcd. */
export function etcdEndpointsFromEnv(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '' || value === 'file') return undefined;
  const m = /^(etcds?):\/\/(.+)$/.exec(value);
  if (!m?.[2]) throw new LeaseError(`PFSLAB_LEASE_STORE='${value}': expected etcd://HOST:PORT[,HOST:PORT...], etcds://... (https) or file`);
  const scheme = m[1] === 'etcds' ? 'https' : 'http';
  return m[2].split(',').map((hp) => {
    if (!/^[A-Za-z0-9.[\]:-]+:\d{1,5}$/.test(hp)) throw new LeaseError(`PFSLAB_LEASE_STORE: '${hp}' is not HOST:PORT`);
    return `${scheme}://${hp}`;
  });
}

/** The lease store of `lab` (or of no lab: env, else the lease directory). */
export async function leaseStoreFor(lab?: LoadedLab, env: NodeJS.ProcessEnv = process.env): Promise<LeaseStore> {
  const spec: LeaseStoreSpec | undefined = lab?.spec.lease;
  const fromEnv = etcdEndpointsFromEnv(env.PFSLAB_LEASE_STORE);
  if (fromEnv) return new EtcdLeaseStore({ endpoints: fromEnv, ...(spec?.store === 'etcd' && lab ? await credentials(spec, lab) : {}) });
  if (spec?.store === 'etcd' && lab) return new EtcdLeaseStore({ endpoints: spec.endpoints ?? [], ...(await credentials(spec, lab)) });
  return new FileLeaseStore(env.PFSLAB_LEASE_DIR);
}

/** The lab's TTL for its lease, if it sets one. */
export function leaseTtlMs(lab: LoadedLab): number | undefined {
  const s = lab.spec.lease?.ttlSeconds;
  return s === undefined ? undefined : s * 1000;
}

async function credentials(spec: LeaseStoreSpec, lab: LoadedLab): Promise<{ tls?: EtcdTls; auth?: { user: string; password: string } }> {
  const near = path.dirname(path.resolve(lab.file));
  const ctx = { kind: lab.spec.kind, nearPaths: [lab.file] };
  const readPem = async (file: string, what: string): Promise<string> => {
    const p = path.resolve(near, file);
    try {
      return await readFile(p, 'utf8');
    } catch (e) {
      throw new LeaseError(`${lab.file}: lease.tls.${what}: cannot read ${p} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  const tls: EtcdTls = {};
  if (spec.tls?.ca) tls.ca = await readPem(spec.tls.ca, 'ca');
  if (spec.tls?.cert) tls.cert = await readPem(spec.tls.cert, 'cert');
  if (spec.tls?.key) tls.key = await resolveSecret(spec.tls.key, ctx);
  return {
    ...(spec.tls ? { tls } : {}),
    ...(spec.user && spec.password ? { auth: { user: spec.user, password: await resolveSecret(spec.password, ctx) } } : {}),
  };
}
