// Taking a lab from a pool: the first lab, in the pool's order, that is not bad, whose lease
// this run wins, and whose health check passes (checked while holding its lease, so that no
// other run changes it meanwhile). A failed check is counted in the store; after badAfter
// failures in a row the lab is bad, and no run takes it until `pfslab pool clear LAB`.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadedLab } from '../../lab/index.ts';
import { defaultOwner } from '../../lab/lease-file.ts';
import { LeaseHeldError } from '../../lab/lease.ts';
import type { Lease } from '../../lab/lease.ts';
import { leaseTtlMs } from '../../lab/lease-store/index.ts';
import { printable } from '../../lab/lease-store/types.ts';
import type { HealthRecord, LeaseStore } from '../../lab/lease-store/index.ts';
import type { LabHealthCheck } from './health-gate.ts';
import type { Pool } from './pool-file.ts';

export interface TakeOptions {
  pool: Pool;
  storeFor: (lab: LoadedLab) => Promise<LeaseStore>;
  health: LabHealthCheck;
  purpose: string;
  owner?: string;
  /** How long to keep trying when every lab is busy or unhealthy. Default 0: one pass. */
  waitMs?: number;
  ttlMs?: number;
  onLost?: (lab: LoadedLab, why: string) => void;
  log: (line: string) => void;
}

export interface Taken {
  lab: LoadedLab;
  store: LeaseStore;
  lease: Lease;
}

/** No lab of the pool could be taken; `why` has one line per lab. */
export class PoolBusyError extends Error {
  override readonly name = 'PoolBusyError';
  constructor(
    readonly pool: string,
    readonly why: string[],
  ) {
    super(`pool ${pool}: no lab free and healthy:\n${why.map((w) => `  ${w}`).join('\n')}`);
  }
}

const RETRY_MS = 500;

export async function takeFromPool(o: TakeOptions): Promise<Taken> {
  const deadline = Date.now() + (o.waitMs ?? 0);
  const owner = o.owner ?? defaultOwner();
  for (;;) {
    const why: string[] = [];
    for (const lab of o.pool.labs) {
      const name = lab.spec.name;
      const store = await o.storeFor(lab);
      const record = await store.readHealth(name).catch((e: Error) => e);
      if (record instanceof Error) {
        why.push(`${name}: health record unreadable: ${record.message}`);
        continue;
      }
      if (record?.bad) {
        why.push(`${name}: BAD (${record.failuresInARow} failed health checks; last: ${printable(record.lastDetail)}); pfslab pool clear ${name}`);
        continue;
      }
      let lease: Lease;
      try {
        lease = await store.acquire({ lab: name, purpose: o.purpose, owner, ttlMs: o.ttlMs ?? leaseTtlMs(lab), onLost: (w) => o.onLost?.(lab, w) });
      } catch (e) {
        if (!(e instanceof LeaseHeldError)) throw e;
        why.push(`${name}: held by ${printable(e.holder.owner)}${e.holder.purpose ? ` (${printable(e.holder.purpose)})` : ''}`);
        continue;
      }
      const verdict = await o.health(lab).catch((e: Error) => ({ healthy: false, detail: `health check failed to run: ${e.message}` }));
      const next: HealthRecord = {
        lab: name,
        failuresInARow: verdict.healthy ? 0 : (record?.failuresInARow ?? 0) + 1,
        bad: false,
        lastCheckAt: new Date().toISOString(),
        lastDetail: verdict.detail,
        lastBy: owner,
      };
      next.bad = next.failuresInARow >= o.pool.badAfter;
      await store.writeHealth(next);
      if (verdict.healthy) {
        o.log(`pool ${o.pool.file}: took lab ${name} (${lab.file}): ${verdict.detail}`);
        return { lab, store, lease };
      }
      await lease.release();
      const line = `${name}: health check failed (${next.failuresInARow} in a row${next.bad ? ', now BAD' : ''}): ${verdict.detail}`;
      o.log(`pool ${o.pool.file}: ${line}`);
      why.push(line);
    }
    const left = deadline - Date.now();
    if (left <= 0) throw new PoolBusyError(o.pool.file, why);
    await sleep(Math.min(RETRY_MS, left));
  }
}
