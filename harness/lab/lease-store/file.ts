// The lease directory as a LeaseStore (lease.ts holds the protocol). Health records are JSON
// files beside the leases, `<dir>/<lab>.health.json`, replaced whole (rename), so a runner on
// another machine sharing the directory reads the old or the new record, never a mix.
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expiryMs, leasePath, newToken, readLeaseFile } from '../lease-file.ts';
import type { LeaseInfo } from '../lease-file.ts';
import { acquireLease, breakLease, leaseDir, readLease } from '../lease.ts';
import type { Lease } from '../lease.ts';
import { LeaseLostError } from './types.ts';
import type { HealthRecord, LeaseStore, StoreAcquireOptions } from './types.ts';

export class FileLeaseStore implements LeaseStore {
  readonly kind = 'file';
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = leaseDir(dir);
  }

  get where(): string {
    return this.dir;
  }

  acquire(o: StoreAcquireOptions): Promise<Lease> {
    return acquireLease({ ...o, dir: this.dir });
  }

  read(lab: string): Promise<LeaseInfo | undefined> {
    return readLease(lab, this.dir);
  }

  break(lab: string): Promise<LeaseInfo | undefined> {
    return breakLease(lab, this.dir);
  }

  async checkHeld(lab: string, fence: string): Promise<void> {
    let held: LeaseInfo | undefined;
    try {
      held = await readLeaseFile(leasePath(lab, this.dir), lab);
    } catch (e) {
      throw new LeaseLostError(`cannot confirm the lease of lab '${lab}': ${(e as Error).message}`);
    }
    if (held?.token !== fence) throw new LeaseLostError(`the lease of lab '${lab}' is no longer this run's (${held ? `now ${held.owner}'s` : 'broken'})`);
    if (expiryMs(held) < Date.now()) throw new LeaseLostError(`the lease of lab '${lab}' expired at ${held.expiresAt}`);
  }

  private healthFile(lab: string): string {
    return leasePath(lab, this.dir).replace(/\.lease$/, '.health.json');
  }

  async readHealth(lab: string): Promise<HealthRecord | undefined> {
    const file = this.healthFile(lab);
    const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    return text === undefined ? undefined : parseHealth(text, file, lab);
  }

  async writeHealth(record: HealthRecord): Promise<void> {
    const file = this.healthFile(record.lab);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${newToken()}.tmp`;
    await writeFile(tmp, JSON.stringify(record, null, 2) + '\n');
    await rename(tmp, file);
  }

  async clearHealth(lab: string): Promise<HealthRecord | undefined> {
    const was = await this.readHealth(lab).catch(() => undefined);
    await unlink(this.healthFile(lab)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    return was;
  }
}

/** A health record's text, checked; `where` names it in the error. */
export function parseHealth(text: string, where: string, lab: string): HealthRecord {
  let o: Partial<HealthRecord>;
  try {
    o = JSON.parse(text) as Partial<HealthRecord>;
  } catch {
    throw new Error(`${where}: not a health record (not JSON); clear it with pfslab pool clear ${lab}`);
  }
  if (typeof o !== 'object' || o === null || o.lab !== lab || typeof o.bad !== 'boolean' || !Number.isInteger(o.failuresInARow)) {
    throw new Error(`${where}: not a health record of lab '${lab}' (expected lab, bad, failuresInARow); clear it with pfslab pool clear ${lab}`);
  }
  return { lab, bad: o.bad, failuresInARow: o.failuresInARow ?? 0, lastCheckAt: String(o.lastCheckAt ?? ''), lastDetail: String(o.lastDetail ?? ''), lastBy: String(o.lastBy ?? '') };
}
