// One interface over the places a lab's lease can live: the lease directory (file.ts, the
// default for one machine) and an etcd cluster (etcd.ts, for several runners). The run, the
// `lab lease` command and pools only ever talk to this interface.
import { LeaseError } from '../lease-file.ts';
import type { LeaseInfo } from '../lease-file.ts';
import type { AcquireOptions, Lease } from '../lease.ts';

/** acquireLease's options without the file store's own (dir). */
export type StoreAcquireOptions = Omit<AcquireOptions, 'dir'>;

/**
 * A lab's health history, kept in the store so that every runner sees it (pools). Written only
 * by the run that holds the lab's lease, so there is one writer at a time.
 */
export interface HealthRecord {
  lab: string;
  /** Health checks failed in a row; 0 after a check passes. */
  failuresInARow: number;
  /** Out of every pool until a person clears it (pfslab pool clear LAB). */
  bad: boolean;
  lastCheckAt: string;
  /** What the last check found, one line. */
  lastDetail: string;
  /** The owner of the run that checked. */
  lastBy: string;
}

export interface LeaseStore {
  readonly kind: 'file' | 'etcd';
  /** For messages: the directory, or the endpoints. Never a credential. */
  readonly where: string;
  acquire(o: StoreAcquireOptions): Promise<Lease>;
  /** The lease of `lab`, or undefined if it is free. */
  read(lab: string): Promise<LeaseInfo | undefined>;
  /** Removes the lease of `lab` whoever holds it; returns what was there. Its holder loses it at once. */
  break(lab: string): Promise<LeaseInfo | undefined>;
  /** Fencing: throws LeaseLostError unless the lease `fence` (Lease.fence) of `lab` is still the lab's lease. */
  checkHeld(lab: string, fence: string): Promise<void>;
  readHealth(lab: string): Promise<HealthRecord | undefined>;
  writeHealth(record: HealthRecord): Promise<void>;
  clearHealth(lab: string): Promise<HealthRecord | undefined>;
}

/** The lease is no longer this run's: nothing more may be changed in the lab. */
export class LeaseLostError extends LeaseError {
  override readonly name = 'LeaseLostError';
}

/** The parts of a holder a person needs, one line; says so when the holder is known to be gone. */
export function describeHolder(held: LeaseInfo, gone: boolean, now = Date.now()): string {
  const expired = Date.parse(held.expiresAt) < now;
  return printable(
    `held by ${held.owner}${held.purpose ? ` for ${held.purpose}` : ''}, since ${held.acquiredAt}, renewed ${held.renewedAt}, ` +
    `${expired ? 'EXPIRED at' : 'until'} ${held.expiresAt}` +
    (gone ? `; holder pid ${held.pid} is gone: the next run takes it over` : '')
  );
}

/** Text from the store (another runner wrote it) made safe for a terminal: no control characters. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
