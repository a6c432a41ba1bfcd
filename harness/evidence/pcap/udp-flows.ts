// UDP flows on port 4051 (PFS hierarchy claims and adverts, broadcast on the subnet), one
// per (src, sport, dst, dport).
//
// Broadcast is decided by proof on the wire only: destination 255.255.255.255, or a
// link-layer broadcast (Ethernet destination ff:ff:ff:ff:ff:ff, or the Linux cooked
// capture's "broadcast" packet type). An address ending in .255 is not proof: it may be a
// host in a wider subnet.
import type { Udp4051Flow } from './types.ts';
import type { ConvState } from './conversations.ts';
import { BROADCAST_IPV4, ipv4ToString } from './ip-address.ts';

export class UdpFlowState {
  readonly src: number;
  readonly srcPort: number;
  readonly dst: number;
  readonly dstPort: number;
  broadcast = false;
  datagrams = 0;
  bytes = 0;
  // Start as doubles (see ConvState.firstTime in conversations.ts): set by the constructor.
  readonly firstTime: number = 0.5;
  lastTime = 0.5;
  readonly firstFrame: number;
  lastFrame: number;

  constructor(src: number, srcPort: number, dst: number, dstPort: number, frame: number, time: number) {
    this.src = src;
    this.srcPort = srcPort;
    this.dst = dst;
    this.dstPort = dstPort;
    this.firstTime = time;
    this.lastTime = time;
    this.firstFrame = frame;
    this.lastFrame = frame;
  }
}

export class UdpFlowTracker {
  private readonly flows: UdpFlowState[] = [];

  /** One datagram (counted once, at its first fragment) with either port 4051. */
  datagram(
    conv: ConvState,
    srcIsLow: boolean,
    src: number,
    sport: number,
    dst: number,
    dport: number,
    payloadBytes: number,
    linkBroadcast: boolean,
    time: number,
    frame: number,
  ): void {
    let f = srcIsLow ? conv.udpFromLow : conv.udpFromHigh;
    if (f === null) {
      f = new UdpFlowState(src, sport, dst, dport, frame, time);
      if (srcIsLow) conv.udpFromLow = f;
      else conv.udpFromHigh = f;
      this.flows.push(f);
    }
    f.datagrams++;
    f.bytes += payloadBytes;
    if (time > f.lastTime) f.lastTime = time;
    f.lastFrame = frame;
    if (linkBroadcast || dst === BROADCAST_IPV4) f.broadcast = true;
  }

  summaries(): Udp4051Flow[] {
    return this.flows.map((f) => ({
      src: ipv4ToString(f.src),
      srcPort: f.srcPort,
      dst: ipv4ToString(f.dst),
      dstPort: f.dstPort,
      broadcast: f.broadcast,
      datagrams: f.datagrams,
      bytes: f.bytes,
      firstTime: f.firstTime,
      lastTime: f.lastTime,
      firstFrame: f.firstFrame,
      lastFrame: f.lastFrame,
    }));
  }
}
