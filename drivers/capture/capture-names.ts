// Names of a started capture: its id (unique across runs and hosts, so two runs sharing a
// capture host never collide) and its pcap file names: tcpdump's ring names while it runs
// (<id>.pcap0, <id>.pcap1 ...), and once stopped names that end in .pcap, which Wireshark and
// file managers open (finalPcapNames).
import { rename } from 'node:fs/promises';
import path from 'node:path';

let started = 0;

/** e.g. branch-span-20261124T013600Z-4242-1 */
export function newCaptureId(capture: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${capture}-${stamp}-${process.pid}-${++started}`;
}

export function pcapBaseName(id: string): string {
  return `${id}.pcap`;
}

/** <id>.part<N>.pcap for base <id>.pcap: the N-th (from 1, oldest first) of a stopped ring's files. */
export function partName(base: string, n: number): string {
  return `${base.replace(/\.pcap$/, '')}.part${n}.pcap`;
}

/** N of a part name of `base`, or undefined. */
function partNumber(entry: string, base: string): number | undefined {
  const stem = base.replace(/\.pcap$/, '');
  if (!entry.startsWith(`${stem}.part`) || !entry.endsWith('.pcap')) return undefined;
  const digits = entry.slice(`${stem}.part`.length, -'.pcap'.length);
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

/**
 * Whether a directory entry is one of the files tcpdump wrote for `base`: the name itself,
 * or, with -C, the name followed by a file number (-W pads it with zeros: base.pcap00), or
 * one of the part names a stopped ring's files were given (base.part2.pcap).
 */
export function isCaptureFile(entry: string, base: string): boolean {
  return entry === base || (entry.startsWith(base) && /^\d+$/.test(entry.slice(base.length))) || partNumber(entry, base) !== undefined;
}

/** tcpdump's file number of an entry (the plain name counts as 0), or a part's number. */
export function ringIndex(entry: string, base: string): number {
  const part = partNumber(entry, base);
  if (part !== undefined) return part;
  const digits = entry.slice(base.length);
  return digits === '' ? 0 : Number(digits);
}

/**
 * The final names of a stopped capture's files (`files`: local paths, oldest first, as
 * tcpdump left them): one file becomes <id>.pcap; a ring that rotated gives
 * <id>.part1.pcap, <id>.part2.pcap ... in the order they were written. Renamed on disk;
 * returns the new paths in the same order. Files that already have their name stay.
 */
export async function finalPcapNames(files: readonly string[], base: string): Promise<string[]> {
  const named: string[] = [];
  for (const [i, file] of files.entries()) {
    const target = path.join(path.dirname(file), files.length === 1 ? base : partName(base, i + 1));
    if (target !== file) await rename(file, target);
    named.push(target);
  }
  return named;
}
