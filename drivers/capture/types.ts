// The capture driver's contract: start tcpdump at a capture point, stop it with a flush,
// get the pcap file(s) and tcpdump's own packet counts back.
import type { TeardownJournal } from '../../harness/lab/journal.ts';
import type { SecretContext } from '../../harness/lab/secrets.ts';

export interface RingOptions {
  /** Rotate after this many million bytes (tcpdump -C). */
  fileSizeMB: number;
  /** Keep this many files, overwriting the oldest (tcpdump -W). */
  files: number;
}

export interface StartOptions {
  /** pcap filter; ANDed with the lab's filter for this capture point when both are given. */
  filter?: string;
  /** Bytes kept per packet (tcpdump -s; 0 = whole packet); overrides the lab's value. */
  snaplen?: number;
  /** Ring buffer; overrides the lab's. */
  ring?: RingOptions;
}

/** What tcpdump reported on exit ("N packets captured", ...). Absent: tcpdump did not say. */
export interface TcpdumpStats {
  packetsCaptured?: number;
  receivedByFilter?: number;
  droppedByKernel?: number;
  droppedByInterface?: number;
}

export interface CaptureFiles {
  /** Capture point name (the lab's captures[].name). */
  capture: string;
  /** pcap files on this host, oldest first (several with a ring buffer). */
  files: string[];
  /** tcpdump's own count of packets written; -1 when tcpdump was killed before saying. */
  packetsCaptured: number;
  /** tcpdump's own count of packets the kernel dropped (buffer full); -1 when unknown. */
  droppedByKernel: number;
  stats: TcpdumpStats;
  /** Set when tcpdump did not end through stop() (it died, or had to be killed): why. */
  endedEarly?: string;
}

export interface RunningCapture {
  /** Unique per started capture; also names its files and its journal step. */
  readonly id: string;
  readonly capture: string;
  /** Human description of where it runs, e.g. "interface lo on root@10.0.0.5:22". */
  readonly point: string;
  /** Local pcap files: written live for local/netns; for ssh, known once stopped. */
  readonly files: readonly string[];
  /** tcpdump's counts; undefined until stopped. */
  readonly packetsCaptured: number | undefined;
  readonly droppedByKernel: number | undefined;
  /** SIGINT to tcpdump (after the file stopped growing), wait for exit, collect. Idempotent. */
  stop(): Promise<CaptureFiles>;
}

export interface CaptureDriver {
  readonly capture: string;
  readonly point: string;
  start(opts?: StartOptions): Promise<RunningCapture>;
}

export interface CaptureContext {
  /** The run's evidence directory: pcaps are written (or copied back) here. */
  evidenceDir: string;
  /** When given, every start records a 'capture.stop' undo step first (see capture-undo.ts). */
  journal?: TeardownJournal;
  /** How long tcpdump may take to say "listening on" (default 15 s). */
  listenTimeoutMs?: number;
  /** How long tcpdump may take to exit after SIGINT before it is killed (default 15 s). */
  stopTimeoutMs?: number;
  /** tcpdump command, here or on the capture host (default "tcpdump"). */
  tcpdump?: string;
  /** Where secret references of ssh capture points are resolved. */
  secrets?: SecretContext;
  /** ssh only: run tcpdump through `sudo -n` (auto: when not root and sudo -n works). */
  sudo?: boolean | 'auto';
  /** ssh only: connection deadline (default 15 s). */
  connectTimeoutMs?: number;
}
