// The CucmDriver suites use: one backend (web or AXL) plus what every change needs whichever
// way it is made: the previous value read and journaled BEFORE the change (design rule 5),
// the new value read back AFTER it (evidence over trust: CUCM saying "Update successful" is
// not proof, see CSCsh98792), and the undoers that put previous values back.

import pLimit from 'p-limit';
import type { TeardownJournal, UndoConcurrency, Undoer, UndoStep } from '../../harness/lab/journal.ts';
import type { CucmBackend } from './backend.ts';
import { CucmError, CucmFieldMissingError, CucmVerifyError } from './errors.ts';
import { isOverridable, levelName } from './levels.ts';
import { pfsBuiltInDefault, type PfsBuiltInDefault } from './pfs-values.ts';
import type { BulkJobResult, DeviceProtocol, BulkUpdateRequest, CucmDriver, EffectivePfs, PfsLevel, PfsSetting, PhoneInfo, PhoneParam, PhoneParamSetting, SetPfsOptions } from './types.ts';

export const UNDO_PFS = 'cucm.pfs';
export const UNDO_PFS_BULK = 'cucm.pfs-bulk';
export const UNDO_LOAD = 'cucm.load';
export const UNDO_PHONE_PARAM = 'cucm.phone-param';

export interface DriverTiming {
  /** How often a bulk job's status is polled. */
  bulkPollMs: number;
  /** How long a bulk job may run before waitBulkJob gives up. */
  bulkTimeoutMs: number;
  /** How many phones are read back (or restored) at once. */
  parallelism: number;
}

interface PendingJob {
  phones: string[];
  value: 'Enabled' | 'Disabled';
}

interface PreviousPhone {
  phone: string;
  value: string;
  override: boolean;
}

export class JournaledCucmDriver implements CucmDriver {
  private journal: TeardownJournal | undefined;
  private readonly jobs = new Map<string, PendingJob>();

  constructor(
    private readonly backend: CucmBackend,
    private readonly timing: DriverTiming,
    /** CUCM's built-in PFS default: the lab's (cucm.pfsBuiltInDefault), else pfslab's assumption. */
    private readonly builtInDefault: PfsBuiltInDefault = pfsBuiltInDefault(undefined),
  ) {}

  get via(): 'web' | 'axl' {
    return this.backend.via;
  }

  useJournal(journal: TeardownJournal): void {
    this.journal = journal;
  }

  login(): Promise<void> {
    return this.backend.login();
  }

  findPhone(name: string): Promise<PhoneInfo> {
    return this.backend.findPhone(name);
  }

  getPfs(level: PfsLevel): Promise<PfsSetting> {
    return this.backend.getPfs(level);
  }

  async setPfs(level: PfsLevel, value: 'Enabled' | 'Disabled', opts: SetPfsOptions = {}): Promise<PfsSetting> {
    const journal = this.requireJournal(`set Peer Firmware Sharing on ${levelName(level)}`);
    // The Enterprise page has its own box too (web); it is only named when the caller names it.
    const wanted: PfsSetting = isOverridable(level) ? { value, override: opts.override ?? true } : opts.override === undefined ? { value } : { value, override: opts.override };
    const previous = await this.backend.getPfs(level);
    const step: UndoStep = {
      kind: UNDO_PFS,
      target: `cucm ${levelName(level)}`,
      params: { level, previous },
      description: `set Peer Firmware Sharing on ${levelName(level)} back to ${describe(previous)}`,
    };
    await journal.change(step, () => this.backend.setPfs(level, wanted));
    return this.readBack(level, wanted);
  }

  async getLoad(phone: string): Promise<string | undefined> {
    return orUndefined(await this.backend.getLoad(phone));
  }

  async setLoad(phone: string, load: string | undefined): Promise<void> {
    const journal = this.requireJournal(`set the Phone Load Name of ${phone}`);
    const wanted = (load ?? '').trim();
    const previous = await this.backend.getLoad(phone);
    const step: UndoStep = {
      kind: UNDO_LOAD,
      target: `cucm phone ${phone}`,
      params: { phone, previous },
      description: `set the Phone Load Name of ${phone} back to ${describeLoad(previous)}`,
    };
    await journal.change(step, () => this.backend.setLoad(phone, wanted));
    await this.readBackLoad(phone, wanted);
  }

  getPhoneParam(phone: string, param: PhoneParam): Promise<PhoneParamSetting> {
    return this.backend.getPhoneParam(phone, param);
  }

  async setPhoneParam(phone: string, param: PhoneParam, value: string): Promise<void> {
    const journal = this.requireJournal(`set ${param.label} of ${phone}`);
    const previous = await this.backend.getPhoneParam(phone, param);
    const step: UndoStep = {
      kind: UNDO_PHONE_PARAM,
      target: `cucm phone ${phone}`,
      params: { phone, param, previous },
      description: `set ${param.label} of ${phone} back to ${previous.override ? `"${previous.value}"` : 'its Common Phone Profile\'s (override clear)'}`,
    };
    const wanted = { value: value.trim(), override: true };
    await journal.change(step, () => this.backend.setPhoneParam(phone, param, wanted));
    await this.readBackParam(phone, param, wanted);
  }

  async getDeviceDefaultLoad(model: string, protocol: DeviceProtocol = 'SCCP'): Promise<string | undefined> {
    return orUndefined(await this.backend.getDeviceDefaultLoad(model, protocol));
  }

  async getEffectivePfs(phone: string): Promise<EffectivePfs> {
    const info = await this.backend.findPhone(phone);
    const own = await this.backend.getPfs({ phone });
    if (own.override) return { value: asOnOff(own.value, `phone ${phone}`), source: 'phone' };
    if (info.commonPhoneProfile !== undefined) {
      const profile = await this.backend.getPfs({ commonPhoneProfile: info.commonPhoneProfile });
      if (profile.override) return { value: asOnOff(profile.value, `Common Phone Profile "${info.commonPhoneProfile}"`), source: 'commonPhoneProfile' };
    }
    const byDefault: EffectivePfs = { value: this.builtInDefault.value, source: 'default', assumed: this.builtInDefault.from === 'assumed' };
    try {
      const enterprise = await this.backend.getPfs('enterprise');
      // The Enterprise page's own Override Enterprise Settings box clear: its value is not used.
      if (enterprise.override === false) return byDefault;
      return { value: asOnOff(enterprise.value, 'Enterprise Phone Configuration'), source: 'enterprise' };
    } catch (err) {
      // CSCsh20977: no PFS at the Enterprise level, so the phone's built-in default applies.
      if (err instanceof CucmFieldMissingError) return byDefault;
      throw err;
    }
  }

  save(phone: string): Promise<void> {
    return this.backend.save(phone);
  }

  // Apply Config, Restart and Reset change no stored setting (nothing to undo): not journaled.
  applyConfig(phone: string): Promise<void> {
    return this.backend.phoneAction(phone, 'apply');
  }

  restart(phone: string): Promise<void> {
    return this.backend.phoneAction(phone, 'restart');
  }

  reset(phone: string): Promise<void> {
    return this.backend.phoneAction(phone, 'reset');
  }

  async startBulkUpdate(req: BulkUpdateRequest): Promise<string> {
    const journal = this.requireJournal('run a bulk Update Phones job');
    if (req.query.model === undefined && req.query.namePrefix === undefined) throw new CucmError('bulk update: the query needs a model or a namePrefix');
    const phones = await this.backend.listPhones(req.query);
    if (phones.length === 0) throw new CucmError(`bulk update: no phone matches ${JSON.stringify(req.query)}`);
    const previous = await this.mapLimited(phones, async (phone): Promise<PreviousPhone> => {
      const s = await this.backend.getPfs({ phone });
      return { phone, value: s.value, override: s.override ?? false };
    });
    const value = req.set.peerFirmwareSharing;
    const step: UndoStep = {
      kind: UNDO_PFS_BULK,
      target: `cucm ${phones.length} phones (${JSON.stringify(req.query)})`,
      params: { previous },
      description: `set Peer Firmware Sharing of ${phones.length} phones back to their previous values`,
    };
    const jobId = await journal.change(step, () => this.backend.startBulk(phones, req.query, value, req.after ?? 'apply'));
    this.jobs.set(jobId, { phones, value });
    return jobId;
  }

  async waitBulkJob(jobId: string, opts: { timeoutMs?: number } = {}): Promise<BulkJobResult> {
    const job = this.jobs.get(jobId);
    if (!job) throw new CucmError(`bulk job ${jobId} was not started by this driver`);
    const deadline = Date.now() + (opts.timeoutMs ?? this.timing.bulkTimeoutMs);
    let status = await this.backend.bulkStatus(jobId);
    while (!status.done) {
      if (Date.now() > deadline) throw new CucmError(`bulk job ${jobId} still "${status.status}" after ${opts.timeoutMs ?? this.timing.bulkTimeoutMs} ms`);
      await sleep(this.timing.bulkPollMs);
      status = await this.backend.bulkStatus(jobId);
    }
    const readBack = await this.mapLimited(job.phones, async (phone) => ({ phone, s: await this.backend.getPfs({ phone }) }));
    const ok = (s: PfsSetting): boolean => s.value === job.value && s.override === true;
    const changed = readBack.filter((r) => ok(r.s)).map((r) => r.phone);
    const unchanged = readBack.filter((r) => !ok(r.s)).map((r) => r.phone);
    this.jobs.delete(jobId);
    return {
      jobId,
      reported: { status: status.status, total: status.total, succeeded: status.succeeded, failed: status.failed, ...(status.failures ? { failures: status.failures } : {}) },
      phones: job.phones,
      changed,
      unchanged,
      verified: status.failed === 0 && unchanged.length === 0,
    };
  }

  async bulkUpdatePhones(req: BulkUpdateRequest): Promise<BulkJobResult> {
    return this.waitBulkJob(await this.startBulkUpdate(req));
  }

  /**
   * One phone's (or profile's) setting restored while another's is: over AXL the requests
   * go side by side; the web pages are one browser tab, so there one by one.
   */
  undoConcurrency(): UndoConcurrency | undefined {
    if (this.timing.parallelism <= 1) return undefined;
    return { kinds: new Set([UNDO_PFS, UNDO_LOAD, UNDO_PHONE_PARAM]), atOnce: Math.min(8, this.timing.parallelism) };
  }

  undoers(): Map<string, Undoer> {
    return new Map<string, Undoer>([
      [
        UNDO_PFS,
        async (step) => {
          const { level, previous } = step.params as { level: PfsLevel; previous: PfsSetting };
          await this.backend.setPfs(level, previous);
          await this.readBack(level, previous);
        },
      ],
      [
        UNDO_LOAD,
        async (step) => {
          const { phone, previous } = step.params as { phone: string; previous: string };
          await this.backend.setLoad(phone, previous);
          await this.readBackLoad(phone, previous);
        },
      ],
      [
        UNDO_PHONE_PARAM,
        async (step) => {
          const { phone, param, previous } = step.params as { phone: string; param: PhoneParam; previous: PhoneParamSetting };
          await this.backend.setPhoneParam(phone, param, previous);
          await this.readBackParam(phone, param, previous);
        },
      ],
      [
        UNDO_PFS_BULK,
        async (step) => {
          const { previous } = step.params as { previous: PreviousPhone[] };
          await this.mapLimited(previous, async (p) => {
            const setting = { value: p.value, override: p.override };
            await this.backend.setPfs({ phone: p.phone }, setting);
            await this.readBack({ phone: p.phone }, setting);
          });
        },
      ],
    ]);
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  private requireJournal(what: string): TeardownJournal {
    if (!this.journal) throw new CucmError(`cannot ${what}: no teardown journal is bound (useJournal); a change that cannot be undone is not made`);
    return this.journal;
  }

  /** Reads the level back; a value written with its override box clear is not compared
   * (AXL keeps no value for a level that does not override). */
  private async readBack(level: PfsLevel, wanted: PfsSetting): Promise<PfsSetting> {
    const got = await this.backend.getPfs(level);
    const overrideOk = wanted.override === undefined || got.override === wanted.override;
    const valueMatters = wanted.override !== false && wanted.value !== 'Default';
    if (!overrideOk || (valueMatters && got.value !== wanted.value)) {
      throw new CucmVerifyError(`${levelName(level)}: Peer Firmware Sharing reads back ${describe(got)} after setting ${describe(wanted)} (via ${this.backend.via})`);
    }
    return got;
  }

  /** A parameter as CUCM shows it after a write; with the override clear only the box is compared. */
  private async readBackParam(phone: string, param: PhoneParam, wanted: PhoneParamSetting): Promise<void> {
    const got = await this.backend.getPhoneParam(phone, param);
    if (got.override !== wanted.override || (wanted.override && got.value !== wanted.value)) {
      throw new CucmVerifyError(`phone ${phone}: ${param.label} reads back "${got.value}" (override ${got.override ? 'set' : 'clear'}) after setting "${wanted.value}" (override ${wanted.override ? 'set' : 'clear'}) (via ${this.backend.via})`);
    }
  }

  /** The Phone Load Name as CUCM shows it after a write ('' = none). */
  private async readBackLoad(phone: string, wanted: string): Promise<void> {
    const got = await this.backend.getLoad(phone);
    if (got !== wanted) {
      throw new CucmVerifyError(`phone ${phone}: Phone Load Name reads back ${describeLoad(got)} after setting ${describeLoad(wanted)} (via ${this.backend.via})`);
    }
  }

  /** `fn` over every item, at most timing.parallelism at once; every item runs even after one fails (an undo restores all it can). */
  private mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
    return pLimit(Math.max(1, this.timing.parallelism)).map(items, (item) => fn(item));
  }
}

function describe(s: PfsSetting): string {
  return s.override === undefined ? s.value : `${s.value}, override ${s.override ? 'set' : 'clear'}`;
}

function describeLoad(load: string): string {
  return load === '' ? '(none: the Device Defaults load applies)' : load;
}

function orUndefined(load: string): string | undefined {
  return load === '' ? undefined : load;
}

function asOnOff(value: string, where: string): 'Enabled' | 'Disabled' {
  if (value === 'Enabled' || value === 'Disabled') return value;
  throw new CucmError(`${where}: Peer Firmware Sharing shows "${value}", neither Enabled nor Disabled`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
