// One phone's part of the health check: powered (its PoE port read back from the switch),
// reachable (its web pages answer), on a load the lab knows for its model, and quiet (its
// console log did not grow for quietMs: a phone that boots, fetches files or upgrades
// writes to it), and not sharing firmware (its TCP 4051 refuses: a phone opens it for PFS
// during an upgrade, pfs-reference §2, and keeps it while it serves and waits for its roots,
// silent on the console for up to a minute). The watch keeps what the previous probe saw, so quiet means "unchanged
// across probes for quietMs", measured here, never taken from the phone's clock.
import { connect } from 'node:net';
import type { LoadedLab } from '../../lab/index.ts';
import type { PoeDriver } from '../../../drivers/poe/index.ts';
import { runsLoad } from '../../../drivers/phone/index.ts';
import type { LabPhone } from '../fixture/lab-context.ts';
import type { HealthRow } from './health-report.ts';

/** The PFS peer port (pfs-reference §2, IANA cppdp). */
const PFS_PORT = 4051;

export interface PhoneProbeOptions {
  /** How long the console log must stay unchanged to count as quiet. */
  quietMs: number;
  /** Per request. */
  timeoutMs: number;
  now?: () => number;
}

/** The loads a phone of this model may run in a quiet lab: its load entry's target and baseline. */
export function knownLoadsOf(lab: LoadedLab, model: string): string[] {
  return lab.loads.filter((l) => l.models.includes(model)).flatMap((l) => [l.load.id, ...((l as { baseline?: { id: string } }).baseline ? [(l as { baseline: { id: string } }).baseline.id] : [])]);
}

export class PhoneWatch {
  /** What the console log looked like at the last probe, and since when (ms, this process's clock). */
  private lastLog: { fingerprint: string; since: number } | undefined;

  constructor(
    readonly phone: LabPhone,
    private readonly lab: LoadedLab,
    private readonly poe: PoeDriver,
    private readonly opts: PhoneProbeOptions,
  ) {}

  async probe(): Promise<HealthRow[]> {
    const [power, web] = await Promise.all([this.power(), this.webRows()]);
    return [power, ...web];
  }

  private row(check: string, state: HealthRow['state'], detail: string): HealthRow {
    return { device: this.phone.name, check, state, detail };
  }

  private async power(): Promise<HealthRow> {
    if (this.phone.spec.port === undefined) return this.row('power', 'ok', 'no PoE port in the lab description (powered elsewhere)');
    try {
      const s = await this.poe.status(this.phone.name);
      if (!s.admin) return this.row('power', 'bad', `PoE port switched off (pethPsePortAdminEnable false): it was off when found, or a run left it so`);
      if (s.detection !== 'deliveringPower') return this.row('power', 'settling', `PoE port on, detection ${s.detection}`);
      return this.row('power', 'ok', `PoE deliveringPower${s.powerClass === undefined ? '' : `, class ${s.powerClass}`}`);
    } catch (e) {
      return this.row('power', 'unknown', `PoE status not read: ${(e as Error).message}`);
    }
  }

  private async webRows(): Promise<HealthRow[]> {
    const web = this.phone.web;
    if (!web) {
      const why = 'its web pages are not enabled in the lab description (console.web): nothing shows what it runs';
      return [this.row('load', 'unknown', why), this.row('console', 'unknown', why), await this.pfsPort()];
    }
    const signal = () => AbortSignal.timeout(this.opts.timeoutMs);
    let load: HealthRow;
    try {
      const info = await web.deviceInformation(signal());
      const known = knownLoadsOf(this.lab, this.phone.model);
      const runs = known.find((id) => runsLoad(info, id));
      const shown = info.versionId || info.appLoadId || '(empty)';
      load = runs
        ? this.row('load', 'ok', `${this.phone.ip} runs ${runs}`)
        : known.length === 0
          ? this.row('load', 'bad', `runs ${shown}; the lab names no load for ${this.phone.model}`)
          : this.row('load', 'bad', `runs ${shown}, not one of the lab's loads for ${this.phone.model} (${known.join(', ')})`);
    } catch (e) {
      // A phone that boots has no web server yet: settling, until the deadline says otherwise.
      this.lastLog = undefined;
      const why = `${this.phone.ip}: /DeviceInformationX does not answer (${(e as Error).message})`;
      return [this.row('load', 'settling', why), this.row('console', 'settling', 'not read: the phone does not answer'), this.row('pfs', 'settling', 'not checked: the phone does not answer')];
    }
    const [consoleRow, pfsRow] = await Promise.all([this.console(signal), this.pfsPort()]);
    return [load, consoleRow, pfsRow];
  }

  /** Whether the phone's PFS port (TCP 4051) accepts a connection: then an upgrade is in flight. */
  private pfsPort(): Promise<HealthRow> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.phone.ip, port: PFS_PORT, timeout: this.opts.timeoutMs });
      const done = (r: HealthRow) => {
        socket.destroy();
        resolve(r);
      };
      socket.once('connect', () => done(this.row('pfs', 'settling', `TCP ${PFS_PORT} open: a firmware-sharing upgrade is in flight`)));
      socket.once('timeout', () => done(this.row('pfs', 'unknown', `TCP ${PFS_PORT}: no answer within ${this.opts.timeoutMs} ms (filtered?)`)));
      socket.once('error', (e: NodeJS.ErrnoException) =>
        done(e.code === 'ECONNREFUSED' ? this.row('pfs', 'ok', `TCP ${PFS_PORT} closed: no firmware sharing in flight`) : this.row('pfs', 'unknown', `TCP ${PFS_PORT}: ${e.message}`)),
      );
    });
  }

  private async console(signal: () => AbortSignal): Promise<HealthRow> {
    const web = this.phone.web;
    if (!web) return this.row('console', 'unknown', 'no web pages');
    const now = this.opts.now ? this.opts.now() : performance.now();
    let fingerprint: string;
    try {
      const files = await web.consoleLogFiles(signal());
      const newest = files.at(-1);
      if (!newest) return this.row('console', 'unknown', 'the phone lists no console log file');
      const text = await web.consoleLogFile(newest.path, signal());
      fingerprint = `${files.map((f) => f.name).join(',')}:${newest.name}:${text.length}:${text.slice(-200)}`;
    } catch (e) {
      this.lastLog = undefined;
      return this.row('console', 'settling', `console log not read (${(e as Error).message})`);
    }
    if (this.lastLog?.fingerprint !== fingerprint) {
      const grew = this.lastLog !== undefined;
      this.lastLog = { fingerprint, since: now };
      return this.row('console', 'settling', grew ? 'the console log is still being written' : `first look at the console log: watching it for ${fmtS(this.opts.quietMs)}`);
    }
    const quietFor = now - this.lastLog.since;
    if (quietFor < this.opts.quietMs) return this.row('console', 'settling', `console log unchanged for ${fmtS(quietFor)} of ${fmtS(this.opts.quietMs)}`);
    return this.row('console', 'ok', `console log quiet for ${fmtS(quietFor)}`);
  }
}

function fmtS(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
