// The knobs of a power cycle, with defaults sized for real phones on a real PSE.

export interface CycleOptions {
  /** How long the port stays unpowered once the phone has lost power; default 2000 ms. */
  holdMs?: number;
  /** Deadline for DetectionStatus to leave deliveringPower after the off; default 10 s. */
  offTimeoutMs?: number;
  /**
   * Deadline for deliveringPower after the on; default 30 s. A PSE detects and classifies in
   * well under a second, but a Catalyst under a tight power budget can take several.
   */
  onTimeoutMs?: number;
  /** Time between two status reads while waiting; default 100 ms. */
  pollMs?: number;
}

export const CYCLE_DEFAULTS: Required<CycleOptions> = {
  holdMs: 2000,
  offTimeoutMs: 10_000,
  onTimeoutMs: 30_000,
  pollMs: 100,
};
