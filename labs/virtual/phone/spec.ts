// What a virtual phone is told when it is created: identity, addresses, where its TFTP
// server is, the load it runs out of the box, timers and fault switches. Plain JSON, so the
// namespace mode can pass it on a command line (phone-main.ts --spec).

import type { PhoneFaultId } from '../../../harness/lab/fault-switches.ts';
import { PHONE_FAULT_IDS } from '../../../harness/lab/fault-switches.ts';

export interface PhoneSpec {
  /** Device name SEP<MAC> (12 hex digits). */
  name: string;
  /** CP-7961G ... */
  model: string;
  ip: string;
  /** The subnet, CIDR (10.20.1.0/24): gives SubNetMask and, in loopback mode, the emulated broadcast domain. */
  cidr: string;
  /** Default router shown on the web page. */
  gateway?: string;
  tftpServer: string;
  /** Default 69. */
  tftpPort?: number;
  /** Load id the phone runs before any upgrade, e.g. SCCP41.9-3-1SR1-1S. */
  initialLoad: string;
  timing?: Partial<PhoneTiming>;
  /** TFTP options the phone asks for. Default blksize 1428 (fits a 1500-byte MTU), tsize, no window. */
  tftp?: { blockSize?: number; windowSize?: number };
  faults?: PhoneFault[];
  web?: { port?: number; enabled?: boolean };
  ssh?: {
    port?: number;
    /** The dialog after SSH authentication: prompts and the answers expected. */
    login?: ConsoleLoginStep[];
    /** The shell prompt. Default "$ ". */
    prompt?: string;
  };
  /** Keep at most this many console log files (/FS/cache/log0.log ...). Default 4. */
  logFiles?: number;
  /** Rotate a log file at this many bytes. Default 64 KiB. */
  logFileBytes?: number;
}

export interface ConsoleLoginStep {
  /** What the phone prints, e.g. "login: ". */
  prompt: string;
  /** The answer it requires. */
  answer: string;
  /** Do not echo what is typed (a password). */
  secret?: boolean;
}

/**
 * Timers in milliseconds of the real phone; the phone multiplies each by `scale` (the lab's
 * timeScale times a test factor). Values marked [doc] come from the published log.
 */
export interface PhoneTiming {
  scale: number;
  /** Power on to first TFTP request. */
  bootMs: number;
  /** Between tentative claims [doc: ~250 ms]. */
  advertMs: number;
  /** Adverts left unanswered before the root is confirmed [doc: 4]. */
  adverts: number;
  /** From root confirmed to the root's TFTP request [doc: ~10 s, "ROOT_WAITING TO"]. */
  rootWaitMs: number;
  /** A phone that yielded waits this long for the root's announcement before claiming again. */
  yieldWaitMs: number;
  /** A child waits this long for a parent that accepted it to start sending. */
  parentSilenceMs: number;
  /** Having every file, a phone serves its children and waits this long without peer activity before rebooting. */
  lingerMs: number;
  /** Reboot into the new load. */
  rebootMs: number;
  /** TFTP: timeout per packet and retries. */
  tftpTimeoutMs: number;
  tftpRetries: number;
}

export const DEFAULT_TIMING: PhoneTiming = {
  scale: 1,
  bootMs: 3000,
  advertMs: 250,
  adverts: 4,
  rootWaitMs: 10_000,
  yieldWaitMs: 4000,
  parentSilenceMs: 120_000,
  lingerMs: 5000,
  rebootMs: 3000,
  tftpTimeoutMs: 1000,
  tftpRetries: 5,
};

/** Phone-side fault switches: the phone's share of the one table (harness/lab/fault-switches.ts). */
export type PhoneFault = PhoneFaultId;
export const PHONE_FAULTS: readonly PhoneFault[] = PHONE_FAULT_IDS;

export function macOf(spec: Pick<PhoneSpec, 'name'>): string {
  const m = /^SEP([0-9A-F]{12})$/i.exec(spec.name);
  if (!m?.[1]) throw new Error(`${spec.name}: a device name is SEP followed by 12 hex digits`);
  return m[1].toUpperCase();
}
