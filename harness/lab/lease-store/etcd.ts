// The lease in etcd v3: an etcd lease (TTL, keep-alive) with one key attached to it,
// `<prefix>leases/<lab>`, whose value is the holder (LeaseInfo as JSON). Taking the lab is
// one transaction "if the key's create revision is 0 (it does not exist), put it with our
// etcd lease", so of any number of takers exactly one wins; that key's create revision is
// the lease's fence: the journal records it and every lab-changing step compares it.
//
// etcd expires a lease by itself when its holder stops renewing (kill -9, a cut network),
// and the key goes with it: no clocks in step, no stale files. A holder that cannot renew
// declares the lease lost BEFORE its TTL can have run out (it stops at 2/3 of the TTL
// after its last successful renewal), so it stops changing the lab before another run may
// take it (fencing, as in etcd's own election recipe).
//
// Health records (pools) are plain keys `<prefix>health/<lab>`, written by the lease holder.
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseError, PID_SPACE, defaultOwner, newToken, parseLease } from '../lease-file.ts';
import type { LeaseInfo } from '../lease-file.ts';
import { DEFAULT_TTL_MS, LeaseHeldError, holderGoneHere } from '../lease.ts';
import type { Lease } from '../lease.ts';
import { EtcdError, EtcdGateway } from './etcd-gateway.ts';
import type { EtcdGatewayOptions, EtcdKv } from './etcd-gateway.ts';
import { parseHealth } from './file.ts';
import { LeaseLostError } from './types.ts';
import type { HealthRecord, LeaseStore, StoreAcquireOptions } from './types.ts';

const POLL_MS = 250;
const CHECK_RETRY_MS = 200;
const RETRY_RENEW_MS = 250;
/** etcd refuses TTLs shorter than about 1.5 election timeouts; 2 s is its practical floor. */
const MIN_TTL_S = 2;

export interface EtcdStoreOptions extends EtcdGatewayOptions {
  /** Key prefix, default `pfslab/`. */
  prefix?: string;
}

export class EtcdLeaseStore implements LeaseStore {
  readonly kind = 'etcd';
  readonly gateway: EtcdGateway;
  private readonly prefix: string;
  /** Per lease (key@fence): until when etcd's last answer proves it alive (our clock). */
  private readonly aliveUntil = new Map<string, number>();

  constructor(o: EtcdStoreOptions) {
    this.gateway = new EtcdGateway(o);
    this.prefix = o.prefix ?? 'pfslab/';
  }

  get where(): string {
    return `etcd ${this.gateway.endpoints.join(',')}`;
  }

  leaseKey(lab: string): string {
    return `${this.prefix}leases/${lab}`;
  }

  private healthKey(lab: string): string {
    return `${this.prefix}health/${lab}`;
  }

  async acquire(o: StoreAcquireOptions): Promise<Lease> {
    const key = this.leaseKey(o.lab);
    const ttlS = Math.max(MIN_TTL_S, Math.ceil((o.ttlMs ?? DEFAULT_TTL_MS) / 1000));
    const renewEveryMs = o.renewEveryMs ?? (ttlS * 1000) / 3;
    if (!(renewEveryMs > 0 && renewEveryMs < (ttlS * 1000 * 2) / 3)) throw new LeaseError(`renewEveryMs must be between 0 and 2/3 of the TTL (${ttlS} s), got ${renewEveryMs}`);
    const deadline = Date.now() + (o.waitMs ?? 0);
    const token = newToken();
    for (;;) {
      const grantedAt = Date.now(); // the TTL runs from etcd's grant, no earlier than this
      const id = await this.gateway.grant(ttlS);
      const now = new Date();
      const info: LeaseInfo & { etcdLease: string } = {
        lab: o.lab,
        owner: o.owner ?? defaultOwner(),
        host: os.hostname(),
        pid: process.pid,
        pidSpace: PID_SPACE,
        purpose: o.purpose ?? '',
        token,
        acquiredAt: now.toISOString(),
        renewedAt: now.toISOString(),
        ttlMs: ttlS * 1000,
        expiresAt: new Date(now.getTime() + ttlS * 1000).toISOString(),
        etcdLease: id,
      };
      let r;
      try {
        r = await this.gateway.txn([{ key, target: 'CREATE', revision: '0' }], [{ put: { key, value: JSON.stringify(info), lease: id } }, { get: { key } }], [{ get: { key } }]);
      } catch (e) {
        await this.gateway.revoke(id).catch(() => undefined);
        throw e;
      }
      if (r.succeeded) {
        const mine = r.got[0];
        if (!mine) {
          await this.gateway.revoke(id).catch(() => undefined);
          throw new EtcdError(`etcd put ${key} but did not return it`);
        }
        return new RunningEtcdLease(this, key, { ...info, revision: mine.createRevision }, id, grantedAt, renewEveryMs, o.onLost);
      }
      await this.gateway.revoke(id).catch(() => undefined);
      const kv = r.got[0];
      if (!kv) continue; // released between our compare and our read: try again
      const holder = this.decode(kv, o.lab);
      if (holderGoneHere(holder) && (o.takeOverExpired ?? true)) {
        // Its process died on this host: no need to wait for the TTL. Only that very lease
        // is removed (compare its create revision): a lease taken meanwhile stays.
        const t = await this.gateway.txn([{ key, target: 'CREATE', revision: kv.createRevision }], [{ del: { key } }]);
        if (t.succeeded && kv.lease !== '0') await this.gateway.revoke(kv.lease).catch(() => undefined);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new LeaseHeldError(await this.withExpiry(holder, kv), `${this.where} key ${key}`);
      await sleep(Math.min(POLL_MS, left));
    }
  }

  async read(lab: string): Promise<LeaseInfo | undefined> {
    const kv = await this.gateway.get(this.leaseKey(lab));
    return kv ? this.withExpiry(this.decode(kv, lab), kv) : undefined;
  }

  async break(lab: string): Promise<LeaseInfo | undefined> {
    const key = this.leaseKey(lab);
    const kv = await this.gateway.get(key);
    if (!kv) return undefined;
    const was = (() => {
      try {
        return this.decode(kv, lab);
      } catch {
        return undefined; // garbage is broken all the same
      }
    })();
    await this.gateway.txn([{ key, target: 'CREATE', revision: kv.createRevision }], [{ del: { key } }]);
    // Its etcd lease too, so that its holder's next keep-alive says so at once.
    if (kv.lease !== '0') await this.gateway.revoke(kv.lease).catch(() => undefined);
    return was;
  }

  /**
   * The key must still carry our create revision. A store that does not answer (a member
   * down, a leader election) is retried for as long as the lease is known to be alive: etcd
   * told us at the last check how many seconds it had left, and nobody else can get the key
   * before those run out. After that, not being able to prove the lease is ours is the same
   * as not having it.
   */
  async checkHeld(lab: string, fence: string): Promise<void> {
    const key = this.leaseKey(lab);
    for (;;) {
      const sentAt = Date.now();
      try {
        const kv = await this.gateway.get(key);
        if (!kv) throw new LeaseLostError(`the lease of lab '${lab}' is gone from ${this.where} (expired, or broken by an operator)`);
        if (kv.createRevision !== fence) throw new LeaseLostError(`the lease of lab '${lab}' is no longer this run's (revision ${kv.createRevision}, ours ${fence})`);
        const { ttl } = await this.gateway.timeToLive(kv.lease);
        this.aliveUntil.set(`${key}@${fence}`, sentAt + Math.max(0, ttl) * 1000);
        return;
      } catch (e) {
        if (e instanceof LeaseLostError) throw e;
        const until = this.aliveUntil.get(`${key}@${fence}`) ?? 0;
        if (Date.now() + CHECK_RETRY_MS >= until) throw new LeaseLostError(`cannot confirm the lease of lab '${lab}': ${(e as Error).message}`);
        await sleep(CHECK_RETRY_MS);
      }
    }
  }

  async readHealth(lab: string): Promise<HealthRecord | undefined> {
    const kv = await this.gateway.get(this.healthKey(lab));
    return kv ? parseHealth(kv.value, `${this.where} key ${this.healthKey(lab)}`, lab) : undefined;
  }

  async writeHealth(record: HealthRecord): Promise<void> {
    await this.gateway.put(this.healthKey(record.lab), JSON.stringify(record));
  }

  async clearHealth(lab: string): Promise<HealthRecord | undefined> {
    const was = await this.readHealth(lab).catch(() => undefined);
    await this.gateway.delete(this.healthKey(lab));
    return was;
  }

  private decode(kv: EtcdKv, lab: string): LeaseInfo {
    return { ...parseLease(`${this.where} key ${kv.key}`, kv.value, lab), revision: kv.createRevision };
  }

  /** The holder with renewedAt/expiresAt from etcd's own clock (the value holds the first ones only). */
  private async withExpiry(holder: LeaseInfo, kv: EtcdKv): Promise<LeaseInfo> {
    if (kv.lease === '0') return holder;
    const t = await this.gateway.timeToLive(kv.lease).catch(() => undefined);
    if (!t || t.ttl < 0) return holder;
    const expires = Date.now() + t.ttl * 1000;
    return { ...holder, expiresAt: new Date(expires).toISOString(), renewedAt: new Date(expires - t.granted * 1000).toISOString() };
  }
}

class RunningEtcdLease implements Lease {
  private timer: NodeJS.Timeout | undefined;
  /** Fires at 2/3 of the TTL after the last renewal etcd confirmed, unless another one succeeds first. */
  private fenceTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private released = false;
  lostWhy: string | undefined;
  /** When the last renewal etcd confirmed was sent (our clock): the TTL runs from no earlier. */
  private lastRenewedMs: number;
  private lastError = '';

  constructor(
    private readonly store: EtcdLeaseStore,
    private readonly key: string,
    private current: LeaseInfo,
    private readonly etcdLease: string,
    grantedAtMs: number,
    private readonly renewEveryMs: number,
    private readonly onLost: ((why: string) => void) | undefined,
  ) {
    this.lastRenewedMs = grantedAtMs;
    this.armFence();
    this.schedule();
  }

  get info(): LeaseInfo {
    return this.current;
  }

  get lost(): boolean {
    return this.lostWhy !== undefined;
  }

  get fence(): string {
    return this.current.revision ?? '';
  }

  /**
   * Fencing: past 2/3 of the TTL since the last renewal etcd confirmed, etcd may expire us
   * before our next renewal lands and give the lab to another run: stop now, whatever the
   * renewal in flight (a request to a cut network can hang for its whole timeout).
   */
  private armFence(): void {
    clearTimeout(this.fenceTimer);
    const ttlMs = this.current.ttlMs;
    this.fenceTimer = setTimeout(() => {
      this.lose(`no renewal confirmed by etcd for ${Math.round((Date.now() - this.lastRenewedMs) / 100) / 10} s of a ${ttlMs / 1000} s TTL${this.lastError ? ` (${this.lastError})` : ''}`);
    }, Math.max(0, this.lastRenewedMs + (ttlMs * 2) / 3 - Date.now()));
    this.fenceTimer.unref();
  }

  renew(): Promise<void> {
    return this.serially(() => this.renewNow());
  }

  release(): Promise<void> {
    return this.serially(async () => {
      if (this.released) return;
      this.released = true;
      clearTimeout(this.timer);
      clearTimeout(this.fenceTimer);
      // Revoking our etcd lease deletes our key and nothing else: a key someone else put
      // after ours expired is attached to their lease.
      await this.store.gateway.revoke(this.etcdLease).catch(() => undefined);
    });
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private schedule(): void {
    if (this.released || this.lost) return;
    // After a failed renewal (a member down, an election) try again soon, not a third of a TTL later.
    const delay = this.lastError ? Math.min(RETRY_RENEW_MS, this.renewEveryMs) : this.renewEveryMs;
    this.timer = setTimeout(() => {
      this.renew()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  private async renewNow(): Promise<void> {
    if (this.released || this.lost) return;
    // The TTL restarts when etcd receives the keep-alive: at the latest now.
    const sentAt = Date.now();
    try {
      const ttl = await this.store.gateway.keepAlive(this.etcdLease);
      if (ttl <= 0) return this.lose(`etcd lease ${this.etcdLease} expired or was revoked (broken by an operator?)`);
      const kv = await this.store.gateway.get(this.key);
      if (!kv) return this.lose(`key ${this.key} was removed (broken by an operator?)`);
      if (kv.createRevision !== this.current.revision) return this.lose(`key ${this.key} now belongs to another run (revision ${kv.createRevision})`);
      if (this.lost) return; // the fence fired while we waited: too late to count
      this.lastRenewedMs = sentAt;
      this.lastError = '';
      this.armFence();
      const renewedAt = new Date(this.lastRenewedMs);
      this.current = { ...this.current, renewedAt: renewedAt.toISOString(), expiresAt: new Date(this.lastRenewedMs + ttl * 1000).toISOString() };
    } catch (e) {
      // Retried at the next tick; the fence timer decides when it is too late.
      this.lastError = (e as Error).message;
      throw e;
    }
  }

  private lose(why: string): void {
    if (this.lost) return;
    this.lostWhy = why;
    clearTimeout(this.timer);
    clearTimeout(this.fenceTimer);
    this.onLost?.(`lease of lab '${this.current.lab}' lost: ${why}`);
  }
}
