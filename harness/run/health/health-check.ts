// The lab health check (LAVA's idea, design.md): before any suite touches a lab, and again
// after a journal replay, the lab must be in a known, quiet state, and the evidence must show
// it: every phone powered, answering, on a load the lab knows, its console log quiet; CUCM
// answering; no change of a dead run pending; no other run's capture in flight. A lab that is
// settling (phones finishing a killed run's upgrade) is waited for, up to a deadline; what is
// bad (a port off, an unknown load) stops the wait at once. Read-only: it changes nothing.
import pLimit from 'p-limit';
import type { LoadedLab } from '../../lab/index.ts';
import type { CucmDriver } from '../../../drivers/cucm/index.ts';
import type { PoeDriver } from '../../../drivers/poe/index.ts';
import type { LabPhone } from '../fixture/lab-context.ts';
import { LabUnhealthyError } from './errors.ts';
import type { HealthReport, HealthRow } from './health-report.ts';
import { devicesNotOk, healthReport } from './health-report.ts';
import { captureRows, cucmRow, journalRow } from './lab-probe.ts';
import { PhoneWatch } from './phone-probe.ts';

export interface HealthCheckTarget {
  lab: LoadedLab;
  cucm: CucmDriver;
  poe: PoeDriver;
  phones: readonly LabPhone[];
  /** The lab's teardown journal; undefined for a virtual lab just started (it has no past). */
  journalFile?: string;
}

export interface HealthOptions {
  /** A console log unchanged this long is quiet. Default 5 s. */
  quietMs?: number;
  /** Per request to a device. Default 3 s. */
  timeoutMs?: number;
  /** Between two probes. Default 1 s. */
  intervalMs?: number;
  /** How long a settling lab is waited for. Default 240 s (a killed run's upgrade to finish, then the way back). */
  deadlineMs?: number;
  /** Each probe's report, for progress lines. */
  onProbe?: (r: HealthReport) => void;
  signal?: AbortSignal;
}

export const DEFAULT_HEALTH = { quietMs: 5_000, timeoutMs: 3_000, intervalMs: 1_000, deadlineMs: 240_000 };

export class LabHealthCheck {
  private readonly watches: PhoneWatch[];
  private readonly opts: Required<Pick<HealthOptions, 'quietMs' | 'timeoutMs' | 'intervalMs' | 'deadlineMs'>>;

  constructor(
    private readonly target: HealthCheckTarget,
    opts: HealthOptions = {},
  ) {
    this.opts = { ...DEFAULT_HEALTH, ...definedOnly(opts) };
    this.watches = target.phones.map((p) => new PhoneWatch(p, target.lab, target.poe, { quietMs: this.opts.quietMs, timeoutMs: this.opts.timeoutMs }));
  }

  /** One look at every device (a console log needs several looks, quietMs apart, to be quiet). */
  async probe(): Promise<HealthReport> {
    const { lab, cucm, journalFile } = this.target;
    const [labRows, phoneRows] = await Promise.all([
      Promise.all([journalFile === undefined ? Promise.resolve([]) : journalRow(journalFile).then((r) => [r]), cucmRow(cucm, this.opts.timeoutMs), captureRows(lab)]),
      // A few phones at a time: a real lab's phones have slow web servers, and a lab of a
      // hundred phones must not be asked all at once every second.
      pLimit(8).map(this.watches, (w) => w.probe()),
    ]);
    const rows: HealthRow[] = [...labRows[0], labRows[1], ...labRows[2], ...phoneRows.flat()];
    return healthReport(rows);
  }

  /**
   * Probes until the lab is healthy (returns that report), something is bad, or the deadline
   * passes (throws LabUnhealthyError naming each device and why).
   */
  async waitHealthy(opts: Pick<HealthOptions, 'onProbe' | 'signal'> = {}): Promise<HealthReport> {
    const deadline = performance.now() + this.opts.deadlineMs;
    for (;;) {
      const r = await this.probe();
      opts.onProbe?.(r);
      if (r.healthy) return r;
      if (r.hopeless) throw new LabUnhealthyError(r, 'the lab is not in a state a run can start from');
      if (performance.now() >= deadline) {
        throw new LabUnhealthyError(r, `not quiet after ${Math.round(this.opts.deadlineMs / 1000)} s (${devicesNotOk(r).join(', ')})`);
      }
      await sleep(this.opts.intervalMs, opts.signal);
    }
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(t), reject(signal?.reason as Error));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
