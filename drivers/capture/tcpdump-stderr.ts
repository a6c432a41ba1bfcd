// What tcpdump says on stderr: "listening on ..." once the interface is open, complaints
// when it cannot start, and its packet counts when it exits.
import type { TcpdumpStats } from './types.ts';

export function saysListening(stderr: string): boolean {
  return /(^|\n)(tcpdump: )?listening on /.test(stderr);
}

const COUNTS: [keyof TcpdumpStats, RegExp][] = [
  ['packetsCaptured', /^(\d+) packets? captured$/m],
  ['receivedByFilter', /^(\d+) packets? received by filter$/m],
  ['droppedByKernel', /^(\d+) packets? dropped by kernel$/m],
  ['droppedByInterface', /^(\d+) packets? dropped by interface$/m],
];

export function parseTcpdumpStats(stderr: string): TcpdumpStats {
  const stats: TcpdumpStats = {};
  for (const [key, re] of COUNTS) {
    const m = re.exec(stderr);
    if (m?.[1] !== undefined) stats[key] = Number(m[1]);
  }
  return stats;
}

/**
 * tcpdump's own words, for an error message: its stderr without the "listening" line and
 * the counts, on one line. Capped: a looping tool must not make an unreadable error.
 */
export function tcpdumpComplaint(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !saysListening(l) && !COUNTS.some(([, re]) => re.test(l)));
  const text = lines.join(' / ');
  if (text === '') return '(tcpdump said nothing)';
  return text.length > 600 ? `${text.slice(0, 600)}...` : text;
}
