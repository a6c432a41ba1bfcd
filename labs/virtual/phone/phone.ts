// One virtual 79xx phone: power, boot, config file, upgrade (PFS or TFTP), reboot into the
// new load, and the services a running phone offers (web pages, SSH console). Its network
// access is injected (net-stack.ts), so the same class runs many-per-process on loopback or
// one-per-process in a network namespace (phone-main.ts).
import { EventEmitter } from 'node:events';
import { tftpGet } from '../../../drivers/tftp/tftp-client.ts';
import type { LogLevel } from './console-log.ts';
import type { PhoneConfig } from './config-file.ts';
import { parseConfigFile } from './config-file.ts';
import type { Flash } from './flash.ts';
import { newFlash } from './flash.ts';
import type { NetStack } from './net-stack.ts';
import type { PfsContext } from './pfs/context.ts';
import { processClock } from './pfs/loop-clock.ts';
import { PeerSharing } from './pfs/peer-sharing.ts';
import type { SharedFiles } from './pfs/shared-files.ts';
import { sleep } from './pfs/waits.ts';
import type { PhoneFault, PhoneSpec, PhoneTiming } from './spec.ts';
import { DEFAULT_TIMING, macOf } from './spec.ts';
import { defaultLoadsName, readManifest, verifyChecksum, verifyFile } from './upgrade.ts';
import type { PhoneServices } from './services.ts';
import { startServices } from './services.ts';
import { parseLogServer, SyslogSender } from './syslog-sender.ts';

/**
 * A phone with all its files waits at most this many lingerMs for its files' roots to say DONE
 * (a root may have lost power, or a DONE datagram been lost): longer than a root waits for
 * phones that never come (pfs/hierarchy.ts), so that nobody leaves a root's latecomers early.
 */
const RELEASE_WAIT_LINGERS = 12;

export type PhoneState = 'off' | 'booting' | 'upgrading' | 'rebooting' | 'running' | 'boot-failed';

export interface PhoneEvents {
  state: [state: PhoneState];
}

/** How the phone got each file of its last upgrade (its own account; the analysis does not read it). */
export type FileOrigin = 'tftp' | 'tftp-root' | 'pfs' | 'tftp-fallback';

export class VirtualPhone extends EventEmitter<PhoneEvents> {
  readonly spec: PhoneSpec;
  readonly mac: string;
  readonly flash: Flash;
  readonly timing: PhoneTiming;
  private readonly faults: ReadonlySet<PhoneFault>;
  private life: AbortController | undefined;
  private _state: PhoneState = 'off';
  /** RAM: gone at power loss. */
  config: PhoneConfig | undefined;
  origins = new Map<string, FileOrigin>();
  /** For files that came through PFS: the parent that fed each. */
  parents = new Map<string, string>();
  /** When each file of the last upgrade was in hand (ms since the epoch, sub-ms): for the scale bench's timeline. */
  obtainedAt = new Map<string, number>();
  private services: PhoneServices | undefined;
  /** The Log Server client of this power-on (RAM): every console line, by syslog. */
  private syslog: { sender: SyslogSender; unfollow: () => void } | undefined;
  private fdCounter = 6;
  private lastPeerActivity = 0;

  constructor(
    spec: PhoneSpec,
    private readonly net: NetStack,
    flash?: Flash,
    /** Verified file contents and receive buffers shared by the phones of one process. */
    private readonly shared?: SharedFiles,
  ) {
    super();
    this.spec = spec;
    this.mac = macOf(spec);
    this.timing = { ...DEFAULT_TIMING, ...spec.timing };
    this.faults = new Set(spec.faults ?? []);
    this.flash = flash ?? newFlash(spec.initialLoad, spec.logFiles, spec.logFileBytes);
  }

  get state(): PhoneState {
    return this._state;
  }

  get name(): string {
    return this.spec.name.toUpperCase();
  }

  hasFault(f: PhoneFault): boolean {
    return this.faults.has(f);
  }

  /** PFS as the phone applies it (CSCud66570: always off, whatever the config says). */
  get pfsEnabled(): boolean {
    return (this.config?.peerFirmwareSharing ?? false) && !this.hasFault('CSCud66570');
  }

  powerOn(): void {
    if (this.life) return;
    const life = new AbortController();
    this.life = life;
    const sender = new SyslogSender(this.spec.ip, this.name);
    this.syslog = { sender, unfollow: this.flash.log.follow((line) => sender.line(line)) };
    void this.run(life.signal).catch((e: unknown) => {
      if (!life.signal.aborted) this.log('ERR', 'Main', `boot stopped: ${(e as Error).message}`);
    });
  }

  /** The plug is pulled: everything in RAM and every socket goes at once. */
  powerOff(): void {
    const life = this.life;
    if (!life) return;
    this.life = undefined;
    life.abort();
    this.syslog?.unfollow();
    this.syslog?.sender.close();
    this.syslog = undefined;
    void this.services?.close();
    this.services = undefined;
    this.config = undefined;
    this.setState('off');
  }

  /** Resolves when the phone reaches `state` (or rejects after timeoutMs). */
  waitFor(state: PhoneState, timeoutMs: number): Promise<void> {
    if (this._state === state) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.off('state', on);
        reject(new Error(`${this.name}: not ${state} within ${timeoutMs} ms (state ${this._state}, load ${this.flash.runningLoad})`));
      }, timeoutMs);
      const on = (s: PhoneState) => {
        if (s !== state) return;
        clearTimeout(t);
        this.off('state', on);
        resolve();
      };
      this.on('state', on);
    });
  }

  log(level: LogLevel, task: string, text: string): void {
    this.flash.log.write(level, task, text);
  }

  private ms(name: keyof PhoneTiming): number {
    return this.timing[name] * this.timing.scale;
  }

  private setState(s: PhoneState): void {
    if (this._state === s) return;
    this._state = s;
    this.emit('state', s);
  }

  private async run(signal: AbortSignal): Promise<void> {
    for (;;) {
      this.setState('booting');
      this.log('NOT', 'Main', `Power on: ${this.spec.model} ${this.name} load ${this.flash.runningLoad}`);
      await sleep(this.ms('bootMs'), signal);
      if (this.hasFault('CSCtg96408') && this.flash.upgradedThroughPfs) {
        // The defect: the load that arrived through PFS does not start. The phone stays dark.
        this.log('ERR', 'Main', `Load ${this.flash.runningLoad} failed to start: image verification error`);
        this.setState('boot-failed');
        return;
      }
      const cfgName = `${this.name}.cnf.xml`;
      const config = parseConfigFile(await this.fetchRetrying(cfgName, signal), cfgName);
      this.config = config;
      this.log('NOT', 'CFG', `${cfgName}: load=${config.loadInformation || '(none)'} PFS=${config.peerFirmwareSharing ? 1 : 0} ssh=${config.sshAccess ? 1 : 0}`);
      const logServer = parseLogServer(config.logServer);
      if (typeof logServer === 'string') this.log('ERR', 'CFG', `${logServer}: no syslog`);
      this.syslog?.sender.useServer(typeof logServer === 'string' ? undefined : logServer);
      const services = await startServices(this);
      if (signal.aborted) {
        // Power went while the services started: powerOff found none to close, so close these.
        await services.close();
        return;
      }
      this.services = services;

      let loadsName = config.loadInformation ? `${config.loadInformation}.loads` : defaultLoadsName(this.spec.model);
      let manifestBytes: Buffer | undefined;
      if (!config.loadInformation) {
        manifestBytes = await this.fetchRetrying(loadsName, signal);
        loadsName = `${readManifest(manifestBytes, loadsName).manifest.loadId}.loads`;
      }
      const target = loadsName.replace(/\.loads$/, '');
      if (target === this.flash.runningLoad) {
        this.log('NOT', 'Main', `Running load ${target}`);
        this.setState('running');
        return;
      }
      this.setState('upgrading');
      this.log('NOT', 'DLoad', `Upgrade ${this.flash.runningLoad} -> ${target} (PFS ${this.pfsEnabled ? 'on' : 'off'})`);
      manifestBytes ??= await this.fetchRetrying(loadsName, signal);
      const { files } = readManifest(manifestBytes, loadsName);
      this.origins = new Map();
      this.parents = new Map();
      this.obtainedAt = new Map();
      const sharing = this.pfsEnabled ? await PeerSharing.start(this.pfsContext(signal), this.spec.cidr) : undefined;
      try {
        for (const [i, f] of files.entries()) {
          if (sharing) {
            const s = sharing.session(f, i);
            await s.obtain();
            this.origins.set(f.name, s.via ?? 'pfs');
            if (s.fedBy !== undefined) this.parents.set(f.name, s.fedBy);
          } else {
            const content = await this.fetchRetrying(f.name, signal);
            const why = verifyFile(f, content);
            if (why) throw new Error(`${f.name}: ${why}`);
            this.origins.set(f.name, 'tftp');
          }
          this.obtainedAt.set(f.name, performance.timeOrigin + performance.now());
          this.log('NOT', 'DLoad', `Got ${f.name} (${f.size} bytes) via ${this.origins.get(f.name)}`);
        }
        // Children may still be waiting for a file this phone holds: serve them, then go, once
        // every file's root said its hierarchy is complete (DONE: latecomers still behind on an
        // earlier file may be placed under this phone), or after a long wait without it.
        // In phone time (loop-clock.ts): a stalled loop is no quiet, and no long wait for DONE.
        const linger = this.ms('lingerMs');
        const finished = processClock.now();
        const waitForDone = () => !sharing?.released() && (sharing?.waitsOnLiveRoot() || processClock.now() - finished < RELEASE_WAIT_LINGERS * linger);
        while (sharing && (sharing.busy() || processClock.now() - this.lastPeerActivity < linger || waitForDone())) {
          await sleep(Math.max(10, this.ms('advertMs')), signal);
        }
        sharing?.leave();
      } finally {
        sharing?.close();
      }
      this.flash.runningLoad = target;
      this.flash.upgradedThroughPfs = [...this.origins.values()].includes('pfs');
      this.log('NOT', 'Main', `Upgrade complete: rebooting into ${target}`);
      this.setState('rebooting');
      this.syslog?.sender.hold();
      await this.services?.close();
      this.services = undefined;
      this.config = undefined;
      await sleep(this.ms('rebootMs'), signal);
    }
  }

  private pfsContext(signal: AbortSignal): Omit<PfsContext, 'udp'> {
    return {
      ip: this.spec.ip,
      model: this.spec.model,
      mac: this.mac,
      net: this.net,
      ms: (name) => this.ms(name),
      adverts: this.timing.adverts,
      fault: (f) => this.hasFault(f),
      fireOnce: (f) => {
        if (!this.hasFault(f) || this.flash.firedFaults.has(f)) return false;
        this.flash.firedFaults.add(f);
        return true;
      },
      log: (level, text) => this.log(level, 'DLoad', text),
      // Retrying, as every TFTP read of the phone: a root whose read failed (a WAN queue full of
      // the power-on storm's config files timed it out) stopped its upgrade, and the phone
      // stayed in "upgrading" for ever (issue 17's stalled sweep points).
      tftpFetch: (file, onData) => this.fetchRetrying(file, signal, onData),
      verify: verifyFile,
      verifyChecksum,
      keep: (sha, content, taken) => this.shared?.keep(sha, content, taken) ?? content,
      held: (sha) => this.shared?.held(sha),
      receiveBuffer: (bytes) => this.shared?.take(bytes) ?? Buffer.allocUnsafe(bytes),
      nextFd: () => ++this.fdCounter,
      powerOff: () => this.powerOff(),
      signal,
      touch: () => {
        this.lastPeerActivity = processClock.now();
      },
      now: () => processClock.now(),
    };
  }

  private async fetch(file: string, signal: AbortSignal, onData?: (chunk: Buffer) => void): Promise<Buffer> {
    this.log('NOT', 'TFTP', `RRQ ${file} from ${this.spec.tftpServer}`);
    const r = await tftpGet({
      server: this.spec.tftpServer,
      port: this.spec.tftpPort,
      file,
      localAddress: this.spec.ip,
      blockSize: this.spec.tftp?.blockSize ?? 1428,
      windowSize: this.spec.tftp?.windowSize,
      timeoutMs: this.ms('tftpTimeoutMs'),
      retries: this.timing.tftpRetries,
      signal,
      onData: onData ? (chunk) => onData(chunk) : undefined,
    });
    this.log('NOT', 'TFTP', `Got ${file} (${r.content.length} bytes)`);
    return r.content;
  }

  /**
   * A phone keeps asking for a file its server does not give it, as real phones do. Each
   * attempt reads the file from its start; `onData` sees every byte once, in order (an
   * early-forwarding root has sent the bytes of a failed attempt on already).
   */
  private async fetchRetrying(file: string, signal: AbortSignal, onData?: (chunk: Buffer) => void): Promise<Buffer> {
    let forwarded = 0;
    for (;;) {
      let seen = 0;
      const forward = onData
        ? (chunk: Buffer) => {
            const start = seen;
            seen += chunk.length;
            if (seen <= forwarded) return;
            onData(start < forwarded ? chunk.subarray(forwarded - start) : chunk);
            forwarded = seen;
          }
        : undefined;
      try {
        return await this.fetch(file, signal, forward);
      } catch (e) {
        if (signal.aborted) throw e;
        this.log('ERR', 'TFTP', (e as Error).message);
        await sleep(this.ms('bootMs'), signal);
      }
    }
  }

  /** The ports the phone serves on right now (web, SSH); empty while off or rebooting. */
  serviceAddresses(): { web?: number; ssh?: number } {
    return this.services?.ports() ?? {};
  }
}
