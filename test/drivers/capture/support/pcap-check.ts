// What a capture file holds, by our reader and by tshark, for the traffic the tests send.
import type { CaptureSummary } from '../../../../harness/evidence/pcap/index.ts';
import { tsharkCount, tsharkFields } from '../../../support/capture-tshark.ts';

/** Packets of the UDP conversation to `port` (any source), per our reader. */
export function udpPacketsTo(summary: CaptureSummary, port: number): number {
  return summary.conversations.filter((c) => c.proto === 'udp' && (c.aPort === port || c.bPort === port)).reduce((n, c) => n + c.packets, 0);
}

export function tcpBytesWith(summary: CaptureSummary, port: number): number {
  return summary.conversations.filter((c) => c.proto === 'tcp' && (c.aPort === port || c.bPort === port)).reduce((n, c) => n + c.bytes, 0);
}

/** Frames tshark counts over several files matching a display filter. */
export function tsharkTotal(files: readonly string[], filter: string): number {
  return files.reduce((n, f) => n + tsharkCount(f, filter), 0);
}

/** TCP payload bytes to and from `port`, per tshark. */
export function tcpPayloadBytes(files: readonly string[], port: number): number {
  let bytes = 0;
  for (const f of files) for (const [len] of tsharkFields(f, `tcp.port == ${port}`, ['tcp.len'])) bytes += Number(len ?? 0);
  return bytes;
}
