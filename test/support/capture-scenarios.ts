// A small PFS-like scenario written into any capture format, with what a reader must find
// in it. Shared by the format matrix and the tshark cross-checks.
import type { CaptureBuilder } from './capture-builder.ts';

export const ROOT = '10.0.0.5';
export const CHILD = '10.0.0.6';
export const TFTP_SERVER = '10.0.0.1';
export const LOAD_FILE = 'SCCP41.9-4-2SR2-2S.loads';

export interface ScenarioExpectation {
  frames: number;
  /** Non-IPv4 frames written (ARP). */
  otherFrames: number;
  udpBroadcasts: number;
  udpDirected: number;
  tcpFromChild: number;
  tcpFromRoot: number;
  tftpBytes: number;
  t0: number;
}

/** Writes: UDP claims (limited and directed broadcast), one TCP 4051 copy, one TFTP read, and an ARP frame unless the link is raw IP. */
export function writeSmallUpgrade(b: CaptureBuilder, opts: { arp?: boolean } = {}): ScenarioExpectation {
  const t0 = b.time;
  for (let i = 0; i < 3; i++) b.udp({ src: ROOT, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 100 });
  b.udp({ src: CHILD, dst: '10.0.0.255', sport: 4051, dport: 4051, payload: 60, broadcastMac: true });
  let other = 0;
  if (opts.arp ?? true) {
    b.linkFrame(0x0806, Buffer.alloc(28, 1));
    other++;
  }
  b.tcpSession({ client: CHILD, cport: 40000, server: ROOT, sport: 4051, clientBytes: 100, serverBytes: 50_000 });
  b.tftpRead({ client: ROOT, cport: 50000, server: TFTP_SERVER, stid: 60000, file: LOAD_FILE, size: 3000, blksize: 1428, options: { tsize: '0' } });
  return { frames: b.frames, otherFrames: other, udpBroadcasts: 3, udpDirected: 1, tcpFromChild: 100, tcpFromRoot: 50_000, tftpBytes: 3000, t0 };
}
