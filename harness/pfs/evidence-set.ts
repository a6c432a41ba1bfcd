// Everything an analysis reads: captures already reduced to flows, and console logs.
import type { ParsedConsoleLog } from '../evidence/console/types.ts';
import type { CaptureSummary } from '../evidence/pcap/types.ts';

export interface PhoneLog {
  log: ParsedConsoleLog;
  /** The phone (IP) the log belongs to, when known from its path or the lab. */
  phone?: string;
}

export interface EvidenceSet {
  captures: CaptureSummary[];
  logs: PhoneLog[];
  /**
   * Phones known to have PFS enabled (from their config files), in addition to those that
   * show it on the wire or in their logs. A phone that has PFS on yet never speaks on 4051
   * (CSCus67416) can only be caught with this.
   */
  pfsEnabled?: ReadonlySet<string>;
}

export interface AnalysisOptions {
  /**
   * Bytes a TCP 4051 connection may carry beyond a file's size and still count as one copy
   * of it (the transfer protocol's own header). Cisco's wire format is not public; the
   * virtual lab's header is far below this.
   */
  headerAllowance?: number;
}

export const DEFAULT_HEADER_ALLOWANCE = 1024;
