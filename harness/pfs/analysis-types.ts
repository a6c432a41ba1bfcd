// The result of a PFS analysis: per-file trees, roles, WAN accounting and rule violations.
// `pfslab analyze --json` prints exactly this shape (keys may be added, never renamed).

export type Role =
  | 'root' // fetched the file from TFTP and is the tree's root
  | 'relay' // got the file from a parent and fed children
  | 'leaf' // got the file from a parent, fed nobody
  | 'tftp-fallback' // PFS was active, yet it fetched the file from TFTP itself (not the root)
  | 'tftp-only' // no sign of PFS: fetched the file from TFTP, the traditional way
  | 'missing'; // should have had the file and got no complete copy

export interface Edge {
  parent: string;
  child: string;
  /** Bulk payload bytes the parent sent on this TCP 4051 connection. */
  bytes: number;
  /** The connection carried the whole file. */
  complete: boolean;
  start: number;
  end: number;
  /** Time the parent sent its first payload byte to this child. */
  firstPayload?: number;
  frames: [number, number];
  capture: string;
}

/**
 * A 4051 transfer cut short (a parent lost power, a connection reset). Which file it was is
 * what the parent had itself just received (or was receiving), or what the child went on to
 * get instead: its byte count alone cannot say.
 */
export interface CutTransfer extends Edge {
  file: string;
  /** The file's size, when known. */
  of?: number;
  /**
   * Where the child got the file afterwards: `re-joined under <ip>`, `fell back to TFTP`, or
   * `never got the whole file`.
   */
  afterwards: string;
}

export interface TftpFetch {
  phone: string;
  bytes: number;
  complete: boolean;
  start: number;
  end: number;
  frame: number;
  capture: string;
}

export interface FileTree {
  subnet: string;
  model: string;
  file: string;
  /** Expected size from the load inventory, or the size of a complete TFTP copy. */
  size?: number;
  root?: string;
  /** Where the root came from: the pcap (TFTP fetch with children / single fetch), the log (HROOT), or both. */
  rootSource?: 'pcap' | 'log' | 'pcap+log';
  edges: Edge[];
  tftpFetchers: string[];
  tftpFetches: TftpFetch[];
  roles: Record<string, Role>;
  /** Why each phone has its role, from the evidence in capture order (same keys as roles). */
  roleReasons: Record<string, string>;
  /** TCP 4051 transfers of this file that ended before the whole file crossed, and what followed. */
  cutTransfers: CutTransfer[];
  /** Depth of the tree (root = 0); undefined when there is no root. */
  depth?: number;
}

export interface WanLine {
  subnet: string;
  model: string;
  file: string;
  size?: number;
  /** Bytes of this file fetched from TFTP into the subnet, and the minimum (one copy). */
  bytes: number;
  minimum: number;
  copies: number;
}

export interface WanSummary {
  lines: WanLine[];
  totalBytes: number;
  minimumBytes: number;
  /** totalBytes - minimumBytes: what PFS should have saved and did not. */
  excessBytes: number;
}

export type ViolationCode =
  | 'MULTIPLE_TFTP_FETCH'
  | 'FANOUT_EXCEEDED'
  | 'NOT_A_TREE'
  | 'MULTIPLE_ROOTS'
  | 'CROSS_SUBNET'
  | 'CROSS_MODEL'
  | 'INCOMPLETE_FORWARD'
  | 'NON_4051_PEER_TRAFFIC'
  | 'PHONE_NOT_REACHED'
  | 'LOG_PCAP_DISAGREE';

/** Where a violation can be seen: a pcap frame or a console log line. */
export type EvidenceRef =
  | { kind: 'pcap'; capture: string; frames: number[] }
  | { kind: 'log'; source: string; lines: number[] };

export interface Violation {
  code: ViolationCode;
  /** The file concerned; '' for violations not tied to one file (e.g. CROSS_SUBNET). */
  file: string;
  subnet?: string;
  model?: string;
  phones: string[];
  message: string;
  evidence: EvidenceRef[];
}

export interface AnalysisResult {
  files: FileTree[];
  wan: WanSummary;
  violations: Violation[];
  /** What was inferred from the evidence rather than read from a lab description. */
  inferred: string[];
  /** Notes about the evidence itself: truncated captures, unreadable log lines, unmatched connections. */
  notes: string[];
  /** TCP 4051 connections that carried no whole file (cut transfers, control traffic). */
  unmatchedConnections: Edge[];
  /** Every root the console logs name (HROOT lines), whether or not a capture shows it. */
  logRoots: LogRoot[];
  /**
   * Set when nothing in the evidence could be analysed (an unreadable link type, a header-only
   * capture, no TFTP and no port 4051 traffic, logs without a root line): `pfslab analyze`
   * then exits 3 and the result is no verdict, never "no violation".
   */
  nothingToAnalyse?: NothingToAnalyse;
}

export interface NothingToAnalyse {
  /** Why each source gave nothing, e.g. "b.pcap: link type 127 (IEEE 802.11 radiotap) is not read: ...". */
  reasons: string[];
  /** With a lab: the phones that should have been reached, none of which the evidence shows. */
  unreached: string[];
}

export interface LogRoot {
  /** The file (or .loads manifest) the election was for. */
  file: string;
  rootIp: string;
  model: string;
  source: string;
  line: number;
}
