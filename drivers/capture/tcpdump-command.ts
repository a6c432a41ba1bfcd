// tcpdump's command line, the same for every capture point, plus shell quoting for the
// remote case (an SSH exec request is one shell command string, not an argv).
import type { RingOptions } from './types.ts';

export interface TcpdumpArgs {
  interface: string;
  /** Output file (-w); with a ring buffer tcpdump appends a file number to it. */
  file: string;
  snaplen: number;
  filter?: string;
  ring?: RingOptions;
  /**
   * User tcpdump drops to after opening the interface (-Z). Run as root, tcpdump otherwise
   * becomes user "tcpdump" BEFORE creating the output file, and cannot write into the
   * run's private evidence directory. Undefined: no -Z (not root: tcpdump drops nothing).
   */
  runAs?: string;
}

const KERNEL_BUFFER_KIB = 32 * 1024;

export function tcpdumpArgs(a: TcpdumpArgs): string[] {
  return [
    '-i', a.interface,
    '-n',
    // Hand every packet to tcpdump as it arrives (no kernel batching), and write each one
    // out at once (-U): what was on the wire before stop() is in the file.
    '--immediate-mode', '-U',
    '-s', String(a.snaplen),
    // Kernel buffer in KiB. libpcap's 2 MiB default overflows within a second of a busy
    // SPAN port (or a burst on lo) while tcpdump writes; the drops would be real gaps in
    // the evidence. 32 MiB per capture is cheap on any capture host.
    '-B', String(KERNEL_BUFFER_KIB),
    ...(a.runAs !== undefined ? ['-Z', a.runAs] : []),
    ...(a.ring ? ['-C', String(a.ring.fileSizeMB), '-W', String(a.ring.files)] : []),
    '-w', a.file,
    ...(a.filter !== undefined && a.filter.trim() !== '' ? [a.filter] : []),
  ];
}

/** The lab's filter and the caller's, both required to match. */
export function combineFilters(...filters: (string | undefined)[]): string | undefined {
  const parts = filters.filter((f): f is string => f !== undefined && f.trim() !== '');
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return parts.map((f) => `(${f})`).join(' and ');
}

/** POSIX sh single-quoting: safe for any string, including filters with quotes. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A command for the capture host's login shell that runs `script` under sh: the scripts
 * here are POSIX sh, and a capture host's user may log in to tcsh or fish.
 */
export function shScript(script: string): string {
  return `sh -c ${shellQuote(script)}`;
}
