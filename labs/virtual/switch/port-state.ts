// One PSE port's state machine, free of SNMP: what a Catalyst port does when its PoE is
// enabled, disabled, or a device comes and goes. The switch's MIB tables are views of
// this state, re-written by the agent after every change.
//
//   disabled --enable--> searching --device present, after detectDelayMs--> deliveringPower
//   any      --disable-> disabled (power gone at once)
//   deliveringPower --device unplugged--> searching (MPS absent counted)
import type { CpeExtPsePortEnableValue, DetectionStatusValue } from './mib-values.ts';
import { CpeExtPsePortEnable, PethDetectionStatus, PethPowerPairs, PethPowerPriority } from './mib-values.ts';
import type { PoePortConfig } from './options.ts';
import { DEFAULT_POWER_CLASS } from './options.ts';

/**
 * What a PSE allocates per IEEE 802.3af/at class, in milliwatts (class 0 and 3: 15.4 W,
 * class 1: 4 W, class 2: 7 W, class 4: 30 W). The virtual switch reports a powered
 * port's consumption as its allocation: a real phone draws somewhat less.
 */
export const ALLOCATION_MW_BY_CLASS: readonly number[] = [15_400, 4_000, 7_000, 15_400, 30_000];

export interface PortObserver {
  /** Any MIB-visible change of the port (detection, admin mode, counters). */
  stateChanged(port: PsePort): void;
  /** The port started (true) or stopped (false) delivering power. */
  powerChanged(port: PsePort, on: boolean): void;
}

export class PsePort {
  readonly group: number;
  readonly port: number;
  readonly ifIndex: number;
  readonly ifName: string;
  readonly powerClass: number;
  /** cpeExtPsePortEnable; pethPsePortAdminEnable is derived from it (false iff disable). */
  mode: CpeExtPsePortEnableValue = CpeExtPsePortEnable.auto;
  detection: DetectionStatusValue = PethDetectionStatus.searching;
  deviceConnected: boolean;
  mpsAbsentCount = 0;
  powerPairs: number = PethPowerPairs.signal;
  powerPriority: number = PethPowerPriority.low;
  portType = '';
  private detectTimer: NodeJS.Timeout | undefined;

  constructor(
    config: PoePortConfig,
    private readonly detectDelayMs: number,
    private readonly observer: PortObserver,
  ) {
    this.group = config.group;
    this.port = config.port;
    this.ifIndex = config.ifIndex;
    this.ifName = config.ifName;
    this.powerClass = config.powerClass ?? DEFAULT_POWER_CLASS;
    this.deviceConnected = config.device ?? false;
    // A switch that has been up for a while already powers what is plugged in: the lab
    // starts from that state and reports no 'power' event for it.
    if (this.deviceConnected) this.detection = PethDetectionStatus.deliveringPower;
  }

  get adminEnabled(): boolean {
    return this.mode !== CpeExtPsePortEnable.disable;
  }

  get delivering(): boolean {
    return this.detection === PethDetectionStatus.deliveringPower;
  }

  /** Milliwatts allocated to the port: its class's allocation while powered, else 0. */
  get allocatedMilliwatts(): number {
    return this.delivering ? (ALLOCATION_MW_BY_CLASS[this.powerClass] ?? 0) : 0;
  }

  /** pethPsePortAdminEnable: true re-enables a disabled port in auto mode; false disables it. */
  setAdminEnable(enable: boolean): void {
    if (enable) {
      if (!this.adminEnabled) this.setMode(CpeExtPsePortEnable.auto);
    } else {
      this.setMode(CpeExtPsePortEnable.disable);
    }
  }

  /** cpeExtPsePortEnable: auto, static and limit all power the port; disable cuts it. */
  setMode(mode: CpeExtPsePortEnableValue): void {
    const wasEnabled = this.adminEnabled;
    this.mode = mode;
    if (wasEnabled && !this.adminEnabled) {
      this.cancelDetection();
      const wasDelivering = this.delivering;
      this.detection = PethDetectionStatus.disabled;
      this.observer.stateChanged(this);
      if (wasDelivering) this.observer.powerChanged(this, false);
    } else if (!wasEnabled && this.adminEnabled) {
      this.detection = PethDetectionStatus.searching;
      this.observer.stateChanged(this);
      this.startDetection();
    } else {
      this.observer.stateChanged(this);
    }
  }

  /** A device is plugged in (true) or pulled out (false). */
  setDevice(present: boolean): void {
    if (present === this.deviceConnected) return;
    this.deviceConnected = present;
    if (present) {
      this.observer.stateChanged(this);
      if (this.detection === PethDetectionStatus.searching) this.startDetection();
      return;
    }
    this.cancelDetection();
    if (this.delivering) {
      // RFC 3621: the MPS absent counter counts a powered PD disappearing.
      this.mpsAbsentCount += 1;
      this.detection = PethDetectionStatus.searching;
      this.observer.stateChanged(this);
      this.observer.powerChanged(this, false);
      return;
    }
    this.observer.stateChanged(this);
  }

  /** Stops a pending detection; the port keeps its state. */
  dispose(): void {
    this.cancelDetection();
  }

  private startDetection(): void {
    if (!this.deviceConnected || this.detectTimer !== undefined) return;
    if (this.detectDelayMs <= 0) {
      this.finishDetection();
      return;
    }
    this.detectTimer = setTimeout(() => {
      this.detectTimer = undefined;
      this.finishDetection();
    }, this.detectDelayMs);
  }

  private finishDetection(): void {
    if (this.detection !== PethDetectionStatus.searching || !this.deviceConnected) return;
    this.detection = PethDetectionStatus.deliveringPower;
    this.observer.stateChanged(this);
    this.observer.powerChanged(this, true);
  }

  private cancelDetection(): void {
    if (this.detectTimer === undefined) return;
    clearTimeout(this.detectTimer);
    this.detectTimer = undefined;
  }
}
