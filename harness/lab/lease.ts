// The lab lease: a run takes it before driving a lab, renews it while running and releases
// it on every exit path, so that two runs never drive one lab, even from two machines that
// share the lease directory (NFS). One JSON file per lab, `<dir>/<lab>.lease`; see
// lease-file.ts for the atomic file operations the protocol is made of.
//
// A lease is free when there is no file, when it expired (renewedAt + ttlMs < now: hosts
// sharing a directory need clocks in step, i.e. NTP), or when it was taken on this host by
// a process that no longer exists (kill -9 of the holder need not wait for the TTL).
//
// Use (release LAST, after the lab is restored, so that nobody drives a half-restored lab):
//   const lease = await acquireLease({ lab: lab.name, purpose, onLost: (why) => abortRun(why) });
//   const done = guardExit(releasingAfter(lease, () => restoreTheLab()));
import os from 'node:os';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Teardown } from './exit-guard.ts';
import { PFSLAB_ROOT } from './repo-paths.ts';
import { LeaseError, PID_SPACE, claimTakeover, createExclusive, defaultOwner, expiryMs, leasePath, newToken, pidAlive, readLeaseFile, removeFile, replaceWhole, retire, takeoverClaim } from './lease-file.ts';
import type { LeaseInfo } from './lease-file.ts';

export { LeaseError, LeaseFileError } from './lease-file.ts';
export type { LeaseInfo } from './lease-file.ts';

export interface LeaseOptions {
  /** The lab's `name:`, the lease key. */
  lab: string;
  /** Default: env PFSLAB_LEASE_DIR, else .pfslab/leases in the checkout. */
  dir?: string;
  /** Default 120 s. */
  ttlMs?: number;
  /** Default ttlMs / 3: two renewals may fail before the lease expires. */
  renewEveryMs?: number;
  /** Default `user@host pid N`. */
  owner?: string;
  /** For humans reading the lease, e.g. 'nightly run 2026-11-24T03-00-00Z'. */
  purpose?: string;
  /** A renewal found the lease gone, taken, unreadable or expired: stop driving the lab. */
  onLost?: (why: string) => void;
}

export interface AcquireOptions extends LeaseOptions {
  /** How long to wait for a held lease to be released or to expire. Default 0. */
  waitMs?: number;
  /** Take over an expired lease, or one whose holder died on this host. Default true. */
  takeOverExpired?: boolean;
}

export interface Lease {
  readonly info: LeaseInfo;
  /** Renews now (the timer does it anyway). Marks the lease lost instead if it is no longer ours. */
  renew(): Promise<void>;
  /** Stops renewing and removes the lease file if it is still ours. Idempotent. */
  release(): Promise<void>;
  readonly lost: boolean;
  /** Why it was lost, once it is. */
  readonly lostWhy: string | undefined;
  /**
   * What says "this lease, not a later one": the file's token, or the etcd key's create
   * revision. The journal records it; fencing compares it with the store before each change.
   */
  readonly fence: string;
}

export class LeaseHeldError extends LeaseError {
  override readonly name = 'LeaseHeldError';
  constructor(
    readonly holder: LeaseInfo,
    readonly file: string,
    why = '',
  ) {
    const until = new Date(expiryMs(holder)).toISOString();
    super(
      `lab '${holder.lab}' is leased by ${holder.owner}${holder.purpose ? ` (${holder.purpose})` : ''} since ${holder.acquiredAt}, ` +
        `renewed ${holder.renewedAt}, ${expiryMs(holder) < Date.now() ? 'expired' : 'valid until'} ${until}${why}; ` +
        `wait for that run to end, or if it is gone and the lease must go now, break it (breakLease / pfslab --force; ${file})`,
    );
  }
}

export const DEFAULT_TTL_MS = 120_000;
const POLL_MS = 100;

export function leaseDir(dir?: string): string {
  // In the checkout's state directory, whatever the current directory of the run.
  return dir ?? process.env.PFSLAB_LEASE_DIR ?? path.join(PFSLAB_ROOT, '.pfslab', 'leases');
}

/** Whether the holder of `holder` is a process of this host (same pid space) that no longer exists. */
export function holderGoneHere(holder: Pick<LeaseInfo, 'host' | 'pidSpace' | 'pid'>): boolean {
  return holder.host === os.hostname() && holder.pidSpace === PID_SPACE && !pidAlive(holder.pid);
}

/** Why `holder` may be taken over, or undefined while it is valid. */
function staleReason(holder: LeaseInfo, now: number): string | undefined {
  if (expiryMs(holder) < now) return `expired at ${new Date(expiryMs(holder)).toISOString()}`;
  if (holderGoneHere(holder)) return `its process ${holder.pid} on ${holder.host} is gone`;
  return undefined;
}

export async function acquireLease(o: AcquireOptions): Promise<Lease> {
  const dir = leaseDir(o.dir);
  const file = leasePath(o.lab, dir);
  const ttlMs = o.ttlMs ?? DEFAULT_TTL_MS;
  if (!(ttlMs > 0)) throw new LeaseError(`ttlMs must be positive, got ${ttlMs}`);
  const renewEveryMs = o.renewEveryMs ?? ttlMs / 3;
  if (!(renewEveryMs > 0 && renewEveryMs < ttlMs)) throw new LeaseError(`renewEveryMs must be between 0 and ttlMs (${ttlMs}), got ${renewEveryMs}`);
  await mkdir(dir, { recursive: true });
  const deadline = Date.now() + (o.waitMs ?? 0);
  const token = newToken();
  let supersedes: string | undefined; // the stale lease we claimed, if any
  for (;;) {
    const now = new Date();
    const info: LeaseInfo = {
      lab: o.lab,
      owner: o.owner ?? defaultOwner(),
      host: os.hostname(),
      pid: process.pid,
      pidSpace: PID_SPACE,
      purpose: o.purpose ?? '',
      token,
      acquiredAt: now.toISOString(),
      renewedAt: now.toISOString(),
      ttlMs,
      expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
    };
    await createExclusive(file, info);
    const holder = await readLeaseFile(file, o.lab);
    // Re-reading even after our own create: on NFS a link whose reply was lost reports
    // EEXIST although it succeeded; the token decides.
    if (holder?.token === token) return new RunningLease(file, holder, renewEveryMs, o.onLost, supersedes);
    if (holder === undefined) continue; // released between our create and our read: try again
    const stale = staleReason(holder, Date.now());
    if (stale !== undefined && (o.takeOverExpired ?? true) && (await claimTakeover(file, holder.token, info))) {
      await retire(file, holder.token, o.lab);
      supersedes = holder.token;
      continue; // the next create tells whether the lab is ours
    }
    // Held, or another run is taking the stale lease over right now.
    const left = deadline - Date.now();
    if (left <= 0) {
      const why = stale === undefined ? '' : (o.takeOverExpired ?? true) ? `; ${stale}, and another run is taking it over` : `; ${stale}, and takeOverExpired is off`;
      throw new LeaseHeldError(holder, file, why);
    }
    await sleep(Math.min(POLL_MS, left));
  }
}

class RunningLease implements Lease {
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve(); // renewals and release run one at a time
  private released = false;
  lostWhy: string | undefined;

  constructor(
    private readonly file: string,
    private current: LeaseInfo,
    private readonly renewEveryMs: number,
    private readonly onLost: ((why: string) => void) | undefined,
    private readonly supersedes: string | undefined,
  ) {
    this.schedule();
  }

  get info(): LeaseInfo {
    return this.current;
  }

  get lost(): boolean {
    return this.lostWhy !== undefined;
  }

  get fence(): string {
    return this.current.token;
  }

  renew(): Promise<void> {
    return this.serially(() => this.renewNow());
  }

  release(): Promise<void> {
    return this.serially(async () => {
      if (this.released) return;
      this.released = true;
      clearTimeout(this.timer);
      // An expired lease may be someone else's by now even if the file still names us: leave
      // it, an expired file frees the lab anyway.
      if (this.lost || expiryMs(this.current) < Date.now()) return;
      const onDisk = await readLeaseFile(this.file, this.current.lab).catch(() => undefined);
      if (onDisk?.token === this.current.token) await removeFile(this.file);
      // The claim on our predecessor only matters while our lease may be on disk.
      if (this.supersedes !== undefined) await removeFile(takeoverClaim(this.file, this.supersedes)).catch(() => undefined);
    });
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private schedule(): void {
    if (this.released || this.lost) return;
    this.timer = setTimeout(() => {
      // A failed renewal (an NFS hiccup) is retried at the next tick; if none succeeds before
      // the lease expires, renewNow declares it lost.
      this.renew()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, this.renewEveryMs);
    this.timer.unref(); // the lease never keeps a finished run alive
  }

  private async renewNow(): Promise<void> {
    if (this.released || this.lost) return;
    const now = Date.now();
    // Stalled past our own expiry (suspended, event loop blocked): another run was entitled
    // to take the lab meanwhile, so renewing now could overwrite its lease.
    if (expiryMs(this.current) < now) return this.lose(`the lease expired at ${this.current.expiresAt} before it could be renewed`);
    let onDisk: LeaseInfo | undefined;
    try {
      onDisk = await readLeaseFile(this.file, this.current.lab);
    } catch (e) {
      return this.lose(e instanceof Error ? e.message : String(e));
    }
    if (onDisk === undefined) return this.lose(`${this.file} was removed (broken by an operator?)`);
    if (onDisk.token !== this.current.token) return this.lose(`${this.file} now belongs to ${onDisk.owner} since ${onDisk.acquiredAt}`);
    // Strictly later than the last renewal even within one millisecond, so order is visible.
    const renewed = Math.max(now, Date.parse(this.current.renewedAt) + 1);
    const next = { ...this.current, renewedAt: new Date(renewed).toISOString(), expiresAt: new Date(renewed + this.current.ttlMs).toISOString() };
    await replaceWhole(this.file, next);
    this.current = next;
  }

  private lose(why: string): void {
    if (this.lost) return;
    this.lostWhy = why;
    clearTimeout(this.timer);
    this.onLost?.(`lease of lab '${this.current.lab}' lost: ${why}`);
  }
}

/** The lease of `lab`, or undefined if none. Throws LeaseFileError if the file is garbage. */
export async function readLease(lab: string, dir?: string): Promise<LeaseInfo | undefined> {
  return readLeaseFile(leasePath(lab, leaseDir(dir)), lab);
}

/**
 * Removes the lease of `lab` whoever holds it, garbage included (an operator's --force).
 * Returns the lease that was there, if it was readable. Its holder finds out at its next
 * renewal (onLost).
 */
export async function breakLease(lab: string, dir?: string): Promise<LeaseInfo | undefined> {
  const file = leasePath(lab, leaseDir(dir));
  const was = await readLeaseFile(file, lab).catch(() => undefined);
  await removeFile(file);
  // Claims of takeovers that died half way would otherwise block taking over the next stale lease.
  const prefix = `${path.basename(file)}.`;
  for (const name of await readdir(path.dirname(file)).catch(() => [])) {
    if (name.startsWith(prefix) && name.endsWith('.takeover')) await removeFile(path.join(path.dirname(file), name));
  }
  return was;
}

/**
 * A teardown for guardExit that runs `teardown` (restoring the lab) and then releases the
 * lease, even if teardown failed: the lab stays ours until it is left as found.
 */
export function releasingAfter(lease: Lease, teardown: Teardown = () => Promise.resolve()): Teardown {
  return async () => {
    try {
      await teardown();
    } finally {
      await lease.release();
    }
  };
}
