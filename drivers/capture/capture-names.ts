// Names of a started capture: its id (unique across runs and hosts, so two runs sharing a
// capture host never collide) and its pcap file names, including tcpdump's ring suffixes.

let started = 0;

/** e.g. branch-span-20261124T013600Z-4242-1 */
export function newCaptureId(capture: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${capture}-${stamp}-${process.pid}-${++started}`;
}

export function pcapBaseName(id: string): string {
  return `${id}.pcap`;
}

/**
 * Whether a directory entry is one of the files tcpdump wrote for `base`: the name itself,
 * or, with -C, the name followed by a file number (-W pads it with zeros: base.pcap00).
 */
export function isCaptureFile(entry: string, base: string): boolean {
  return entry === base || (entry.startsWith(base) && /^\d+$/.test(entry.slice(base.length)));
}

/** tcpdump's file number of an entry (the plain name counts as 0). */
export function ringIndex(entry: string, base: string): number {
  const digits = entry.slice(base.length);
  return digits === '' ? 0 : Number(digits);
}
