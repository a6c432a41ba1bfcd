// The constants of the upgrade-time model (model.ts), each with where it comes from. Timers
// are the phone's (pfs-reference §3, the virtual phone's defaults in labs/virtual/phone/spec.ts);
// the rest were calibrated against the sweep (bench/plan/sweep.ts, BENCHMARKS.md "PFS vs
// traditional from 10 to 1,000 phones"), and MODEL.md says how.

/** The phone's timers in ms of real phone time (a virtual lab's timeScale multiplies them). */
export interface PhoneTimers {
  bootMs: number;
  advertMs: number;
  adverts: number;
  rootWaitMs: number;
  lingerMs: number;
  rebootMs: number;
}

export interface PlanConstants {
  /** Seconds a lost DATA or ACK costs: the phone's TFTP retransmission timeout (not scaled). */
  tftpTimeoutS: number;
  /** Seconds added to every round trip beyond the WAN's RTT (the TFTP server's and client's turn-around). */
  perRoundTripS: number;
  /** Seconds per fetch beyond its round trips (socket set-up, verification). */
  perFetchS: number;
  /** Share of the WAN's rate that concurrent lock-step fetches keep busy once they saturate it. */
  saturatedEfficiency: number;
  /** Seconds of traffic the WAN's queue holds before it drops (tc tbf's `latency`; the twin's WAN: 500 ms). */
  wanQueueS: number;
  /** Retransmissions of one packet after which the phone's TFTP client abandons a read (then starts the file again). */
  tftpRetries: number;
  /** Seconds the TFTP server waits for an ACK before it sends the block again. */
  serverTimeoutS: number;
  /** Retransmissions of one block after which the TFTP server ends a transfer (a read the phone abandoned ends only so). */
  serverRetries: number;
  /** Past the WAN's overflow, how many times likelier the full queue drops a resent block than a first sending (the give-up law's estimate; its bound takes 1). */
  resendDropFactor: number;
  /** Advert periods a phone listens before it claims (uniform between one and two: 1.5). */
  listenAdverts: number;
  /** The branch LAN's rate per phone port, bits per second (the store-and-forward copies). */
  lanBitsPerSecond: number;
  /** Seconds per store-and-forward hop beyond the copy itself (join, verify, connect). */
  perHopS: number;
  /** Bytes of a phone's config file SEP<MAC>.cnf.xml. */
  configFileBytes: number;
  /** Bytes of the load's manifest <load>.loads (pfs-reference §4: ~650). */
  manifestBytes: number;
}

/** The 79xx's timers [doc: 250 ms adverts, 4 adverts, ~10 s ROOT_WAITING; the rest the twin's]. */
export const PHONE_TIMERS: PhoneTimers = {
  bootMs: 3000,
  advertMs: 250,
  adverts: 4,
  rootWaitMs: 10_000,
  lingerMs: 5000,
  rebootMs: 3000,
};

/** Calibrated against the twin (see MODEL.md, "Calibration"). */
export const CALIBRATED: PlanConstants = {
  tftpTimeoutS: 1,
  perRoundTripS: 0.006,
  perFetchS: 0.005,
  saturatedEfficiency: 1,
  wanQueueS: 0.5,
  // The twin's phone (labs/virtual/phone/spec.ts tftpRetries; drivers/tftp/tftp-client.ts): a
  // read is abandoned after 1 + 5 timeouts of 1 s without a new block. A real 79xx's: not public.
  tftpRetries: 5,
  // The twin's TFTP server as the sweep runs it (bench/plan/sweep.ts timeoutMs 2000, retries
  // 5: labs/virtual/tftp/server.ts). A CUCM TFTP server's: not public.
  serverTimeoutS: 2,
  serverRetries: 5,
  // Fitted to the one overflowed point measured to its end with the server's counters (300
  // phones over 2 Mbit/s, 120 ms: 716 s), checked at the other (1,000 over 10 Mbit/s: 185 s).
  // The counters of that run, read as first sendings and resends, say ~3 (MODEL.md).
  resendDropFactor: 2,
  listenAdverts: 1.5,
  lanBitsPerSecond: 100e6,
  perHopS: 0.05,
  configFileBytes: 2400,
  manifestBytes: 650,
};

/** The phones' TFTP options: blksize 1428 (fits a 1500-byte MTU), no window (lock-step). */
export const PHONE_TFTP = { blockSize: 1428, windowSize: 1 } as const;
