// Bulk Administration jobs (BAT "Update Phones"): submitted, then run in the background in
// chunks, as the real Job Scheduler does, so that a driver must wait for "Completed" on the
// job status page. close() cancels what has not run yet.

import { randomUUID } from 'node:crypto';
import type { Faults } from '../faults.ts';
import type { Phone } from '../model/entities.ts';
import type { CucmStore, PhoneUpdate, ProductSettingChange } from '../model/store.ts';
import type { Provisioning } from '../provisioning.ts';
import type { DeviceAction } from '../types.ts';

export interface BulkPhoneChanges {
  description?: string;
  /** Common Phone Profile name. */
  commonPhoneProfile?: string;
  loadName?: string;
  product: ReadonlyMap<string, ProductSettingChange>;
  /** What the job does to each phone after updating it. */
  after: DeviceAction | 'none';
}

/** Hold: submitted to run later (BAT's "Run Later"); this CUCM has no page to activate it. */
export type BulkJobStatus = 'Hold' | 'Pending' | 'Processing' | 'Completed';

export interface BulkJob {
  /** The Job Id CUCM shows. */
  id: number;
  /** The job page's key: bulkjobEdit.do?key=<uuid> (public scripts show a uuid there). */
  key: string;
  description: string;
  status: BulkJobStatus;
  submittedAt: Date;
  startedAt: Date | undefined;
  endedAt: Date | undefined;
  phones: Phone[];
  changes: BulkPhoneChanges;
  processed: number;
  succeeded: number;
  failed: number;
  /** Per failed phone: why. */
  failures: { phone: string; reason: string }[];
}

const CHUNK = 100;

export class BulkJobs {
  private readonly jobs: BulkJob[] = [];
  private readonly pending = new Set<NodeJS.Immediate>();
  private closed = false;

  constructor(
    private readonly store: CucmStore,
    private readonly provisioning: Provisioning,
    private readonly faults: Faults,
    private readonly log: (line: string) => void,
  ) {}

  submit(description: string, phones: readonly Phone[], changes: BulkPhoneChanges, runNow = true): BulkJob {
    const job: BulkJob = {
      id: 1000 + this.jobs.length + 1,
      key: randomUUID(),
      description,
      status: runNow ? 'Pending' : 'Hold',
      submittedAt: new Date(),
      startedAt: undefined,
      endedAt: undefined,
      phones: [...phones],
      changes,
      processed: 0,
      succeeded: 0,
      failed: 0,
      failures: [],
    };
    this.jobs.push(job);
    this.log(`bat: job ${job.id} submitted for ${job.phones.length} phones${runNow ? '' : ' to run later (Hold)'}`);
    if (runNow) this.later(() => this.runChunk(job));
    return job;
  }

  list(): readonly BulkJob[] {
    return this.jobs;
  }

  get(key: string): BulkJob | undefined {
    return this.jobs.find((j) => j.key === key.trim().toLowerCase());
  }

  close(): void {
    this.closed = true;
    for (const handle of this.pending) clearImmediate(handle);
    this.pending.clear();
  }

  private later(work: () => void): void {
    if (this.closed) return;
    const handle = setImmediate(() => {
      this.pending.delete(handle);
      work();
    });
    this.pending.add(handle);
  }

  private runChunk(job: BulkJob): void {
    job.status = 'Processing';
    job.startedAt ??= new Date();
    for (const phone of job.phones.slice(job.processed, job.processed + CHUNK)) {
      try {
        this.store.updatePhone(phone, this.updateFor(phone, job.changes));
        if (job.changes.after !== 'none') this.provisioning.deliver([phone], job.changes.after);
        job.succeeded++;
      } catch (err) {
        job.failed++;
        job.failures.push({ phone: phone.name, reason: err instanceof Error ? err.message : String(err) });
      }
      job.processed++;
    }
    if (job.processed < job.phones.length) {
      this.later(() => this.runChunk(job));
      return;
    }
    job.status = 'Completed';
    job.endedAt = new Date();
    this.log(`bat: job ${job.id} completed: ${job.succeeded} succeeded, ${job.failed} failed`);
  }

  private updateFor(phone: Phone, changes: BulkPhoneChanges): PhoneUpdate {
    // CSCsh98792: the job counts the phone as updated but drops its product-specific part.
    const product = this.faults.bulkSkipsProductSpecific(phone.model.code) ? undefined : changes.product;
    return {
      description: changes.description,
      commonPhoneProfile: changes.commonPhoneProfile,
      loadName: changes.loadName,
      productChanges: product,
    };
  }
}
