// Every IPv4 conversation (unordered address pair, protocol, ports), aggregated on the hot
// path. A conversation is found by its canonical key: the lower (address, port) endpoint
// first, so both directions land on the same entry. The per-conversation object also
// carries the TCP 4051 connection and UDP 4051 flows that live on it, so the hot path does
// one lookup per packet, and consecutive packets of one flow skip even that (last-hit cache).
import type { Conversation } from './types.ts';
import type { TcpConnState } from './tcp-connections.ts';
import type { UdpFlowState } from './udp-flows.ts';
import type { TransferState } from './tftp-transfers.ts';
import { FlowTable } from './flow-table.ts';
import { ipv4ToString } from './ip-address.ts';
import type { FrameClock } from './frame-clock.ts';

export class ConvState {
  /** Endpoints as numbers in canonical order: low <= high by (address, port). */
  readonly lowIp: number;
  readonly lowPort: number;
  readonly highIp: number;
  readonly highPort: number;
  readonly ipProto: number;
  /** True when the first packet seen came from the low endpoint (that side is reported as `a`). */
  readonly aIsLow: boolean;
  packets = 0;
  bytes = 0;
  readonly firstFrame: number;
  // A time field starts as a double (overwritten by the constructor): a field declared without
  // a value is created undefined (ES2022 class fields), V8 then keeps it as a tagged field, and
  // every time stored in it on the hot path allocates a heap number (frame-clock.ts).
  readonly firstTime: number = 0.5;
  lastTime = 0.5;
  /** The current TCP 4051 connection on this 4-tuple (a new SYN may replace it). */
  tcp: TcpConnState | null = null;
  /** UDP 4051 flows, one per direction. */
  udpFromLow: UdpFlowState | null = null;
  udpFromHigh: UdpFlowState | null = null;
  /** The TFTP transfer whose DATA/ACK flow on this conversation (client endpoint <-> server TID). */
  tftp: TransferState | null = null;

  constructor(
    lowIp: number,
    lowPort: number,
    highIp: number,
    highPort: number,
    ipProto: number,
    aIsLow: boolean,
    frame: number,
    time: number,
  ) {
    this.lowIp = lowIp;
    this.lowPort = lowPort;
    this.highIp = highIp;
    this.highPort = highPort;
    this.ipProto = ipProto;
    this.aIsLow = aIsLow;
    this.firstFrame = frame;
    this.firstTime = time;
    this.lastTime = time;
  }
}

export class ConversationTable {
  private readonly table = new FlowTable(4096);
  private readonly all: ConvState[] = [];
  // Last-hit cache: the canonical key and state of the previous lookup. The address
  // fields start as doubles so that they stay double fields (uint32 exceeds a small int).
  private c0 = -0.5;
  private c1 = -0.5;
  private cLowPort = -1;
  private cHighPort = -1;
  private cProto = -1;
  private cached: ConvState | null = null;
  /** Set by `find`: whether the packet's source is the canonical low endpoint. */
  srcIsLow = true;

  constructor(private readonly clock: FrameClock) {}

  /**
   * The conversation of the IPv4 packet at buf[ip], created on first sight, counters
   * updated. Ports are 0 for protocols without ports. Sets `srcIsLow`. Addresses are read
   * here from the buffer rather than passed in (see frame-clock.ts for why).
   */
  find(buf: Buffer, ip: number, sport: number, dport: number, proto: number, ipPayload: number): ConvState {
    const src = ((buf[ip + 12]! << 24) | (buf[ip + 13]! << 16) | (buf[ip + 14]! << 8) | buf[ip + 15]!) >>> 0;
    const dst = ((buf[ip + 16]! << 24) | (buf[ip + 17]! << 16) | (buf[ip + 18]! << 8) | buf[ip + 19]!) >>> 0;
    const srcIsLow = src < dst || (src === dst && sport <= dport);
    this.srcIsLow = srcIsLow;
    let conv: ConvState;
    if (srcIsLow) {
      conv = this.cached !== null && src === this.c0 && dst === this.c1 && sport === this.cLowPort && dport === this.cHighPort && proto === this.cProto
        ? this.cached
        : this.miss(src, sport, dst, dport, proto, true);
    } else {
      conv = this.cached !== null && dst === this.c0 && src === this.c1 && dport === this.cLowPort && sport === this.cHighPort && proto === this.cProto
        ? this.cached
        : this.miss(dst, dport, src, sport, proto, false);
    }
    conv.packets++;
    conv.bytes += ipPayload;
    const time = this.clock.time;
    if (time > conv.lastTime) conv.lastTime = time;
    return conv;
  }

  /** Last-hit cache miss: the hash table, or a new conversation. */
  private miss(lowIp: number, lowPort: number, highIp: number, highPort: number, proto: number, srcIsLow: boolean): ConvState {
    const ports = ((lowPort << 16) | highPort) >>> 0;
    const idx = this.table.lookup(lowIp, highIp, ports, proto);
    let conv: ConvState;
    if (idx >= 0) {
      conv = this.all[idx]!;
    } else {
      conv = new ConvState(lowIp, lowPort, highIp, highPort, proto, srcIsLow, this.clock.frame, this.clock.time);
      this.table.insertAfterMiss(lowIp, highIp, ports, proto, this.all.length);
      this.all.push(conv);
    }
    this.c0 = lowIp;
    this.c1 = highIp;
    this.cLowPort = lowPort;
    this.cHighPort = highPort;
    this.cProto = proto;
    this.cached = conv;
    return conv;
  }

  get states(): readonly ConvState[] {
    return this.all;
  }

  summaries(): Conversation[] {
    return this.all.map((c) => {
      const lowFirst = c.aIsLow;
      return {
        a: ipv4ToString(lowFirst ? c.lowIp : c.highIp),
        aPort: lowFirst ? c.lowPort : c.highPort,
        b: ipv4ToString(lowFirst ? c.highIp : c.lowIp),
        bPort: lowFirst ? c.highPort : c.lowPort,
        proto: c.ipProto === 6 ? 'tcp' : c.ipProto === 17 ? 'udp' : 'other',
        ipProto: c.ipProto,
        packets: c.packets,
        bytes: c.bytes,
        firstFrame: c.firstFrame,
        firstTime: c.firstTime,
        lastTime: c.lastTime,
      };
    });
  }
}
