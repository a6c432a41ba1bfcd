// Per-frame decoding: link layer -> IPv4 -> UDP/TCP -> the flow trackers. One instance per
// capture; it holds the frame counters and every tracker.
//
// HOT PATH (hand-written for speed, see reader.ts): called once per frame with the shared
// read buffer and the frame's offset in it. Integers are read straight from the buffer
// bytes (buf[i], not readUInt16BE: those calls are not always inlined and validate their
// argument), values that are not small integers (time, addresses, sequence numbers) are
// never passed to another function on the bulk path (see frame-clock.ts), addresses stay
// numbers, and nothing is allocated unless a new conversation, flow or
// TFTP transfer appears. IPv4 lengths come from the IP header (not from the captured
// length), so captures cut short by a snap length still count the bytes that went by;
// Ethernet padding is ignored for the same reason.
import type { ConvState } from './conversations.ts';
import { ConversationTable } from './conversations.ts';
import { BROADCAST_BIT, LINKTYPE_ETHERNET, LINK_TRUNCATED, OFFSET_MASK, ipv4Offset } from './link-layer.ts';
import { FrameClock } from './frame-clock.ts';
import { TcpConnectionTracker } from './tcp-connections.ts';
import { UdpFlowTracker } from './udp-flows.ts';
import { TFTP_PORT, TftpTracker } from './tftp-transfers.ts';

const PFS_PORT = 4051;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const IP_MORE_FRAGMENTS = 0x2000;
const IP_OFFSET_MASK = 0x1fff;
/** Fragment attribution memory is bounded: fragments are rare, a flood of them must not grow it forever. */
const MAX_TRACKED_FRAGMENT_IDS = 65536;

export class PacketDecoder {
  frames = 0;
  bytes = 0;
  firstTime = Infinity;
  lastTime = -Infinity;
  ipv4Packets = 0;
  ipv4Fragments = 0;
  otherFrames = 0;
  malformedFrames = 0;

  /** Frame number and time of the frame being decoded: the record walker sets the time. */
  readonly clock = new FrameClock();
  readonly conversations: ConversationTable;
  readonly tcp: TcpConnectionTracker;
  readonly udp = new UdpFlowTracker();
  readonly tftp = new TftpTracker();
  /** First fragments seen, by "src/dst/id/proto": later fragments join their conversation. */
  private readonly fragmentConvs = new Map<string, ConvState>();

  constructor() {
    this.conversations = new ConversationTable(this.clock);
    this.tcp = new TcpConnectionTracker(this.clock);
  }

  /** Counts a frame whose content is not decoded (e.g. larger than the read window). */
  skippedFrame(caplen: number): void {
    this.frames++;
    this.bytes += caplen;
    this.stamp(this.clock.time);
    this.otherFrames++;
  }

  /** Decodes one frame of `caplen` bytes at buf[off]; its time is in `clock.time`. */
  frame(buf: Buffer, off: number, caplen: number, linkType: number): void {
    const clock = this.clock;
    const frame = ++this.frames;
    clock.frame = frame;
    this.bytes += caplen;
    const time = clock.time;
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;

    // Ethernet without VLAN tags inline (the common case), everything else in link-layer.ts.
    let link: number;
    if (linkType === LINKTYPE_ETHERNET && caplen >= 14 && buf[off + 12] === 0x08 && buf[off + 13] === 0x00) {
      link = buf[off] === 0xff && buf[off + 1] === 0xff && buf[off + 2] === 0xff && buf[off + 3] === 0xff && buf[off + 4] === 0xff && buf[off + 5] === 0xff ? 14 | BROADCAST_BIT : 14;
    } else {
      link = ipv4Offset(buf, off, caplen, linkType);
      if (link < 0) {
        if (link === LINK_TRUNCATED) this.malformedFrames++;
        else this.otherFrames++;
        return;
      }
    }
    const l3 = link & OFFSET_MASK;
    const ip = off + l3;
    const avail = caplen - l3;
    if (avail < 20) {
      this.malformedFrames++;
      return;
    }
    const vihl = buf[ip]!;
    const ihl = (vihl & 0x0f) << 2;
    if (vihl >> 4 !== 4 || ihl < 20 || avail < ihl) {
      this.malformedFrames++;
      return;
    }
    let totalLen = (buf[ip + 2]! << 8) | buf[ip + 3]!;
    if (totalLen === 0) totalLen = avail; // TSO/GSO frames captured on the sending host
    if (totalLen < ihl) {
      this.malformedFrames++;
      return;
    }
    this.ipv4Packets++;
    const proto = buf[ip + 9]!;
    const ipPayload = totalLen - ihl;
    const l4 = ip + ihl;
    // Captured bytes of the IP payload (less than ipPayload in a snapped capture).
    const l4avail = (totalLen < avail ? totalLen : avail) - ihl;

    const frag = (buf[ip + 6]! << 8) | buf[ip + 7]!;
    if ((frag & (IP_MORE_FRAGMENTS | IP_OFFSET_MASK)) !== 0) {
      this.ipv4Fragments++;
      if ((frag & IP_OFFSET_MASK) !== 0) {
        this.laterFragment(buf, ip, ipPayload);
        return;
      }
    }

    if (proto === PROTO_TCP) {
      if (l4avail < 20) {
        this.malformedFrames++;
        return;
      }
      const dataOffset = (buf[l4 + 12]! >> 4) << 2;
      const payloadLen = ipPayload - dataOffset;
      if (dataOffset < 20 || payloadLen < 0) {
        this.malformedFrames++;
        return;
      }
      const sport = (buf[l4]! << 8) | buf[l4 + 1]!;
      const dport = (buf[l4 + 2]! << 8) | buf[l4 + 3]!;
      const convs = this.conversations;
      const conv = convs.find(buf, ip, sport, dport, PROTO_TCP, ipPayload);
      if ((frag & IP_MORE_FRAGMENTS) !== 0) this.rememberFragment(buf, ip, conv);
      if (sport === PFS_PORT || dport === PFS_PORT) this.tcp.segment(conv, convs.srcIsLow, buf, l4, payloadLen);
      return;
    }
    if (proto === PROTO_UDP) {
      if (l4avail < 8 || ((buf[l4 + 4]! << 8) | buf[l4 + 5]!) < 8) {
        this.malformedFrames++;
        return;
      }
      this.udpDatagram(buf, ip, l4, l4avail, ipPayload, frag, (link & BROADCAST_BIT) !== 0);
      return;
    }
    const conv = this.conversations.find(buf, ip, 0, 0, proto, ipPayload);
    if ((frag & IP_MORE_FRAGMENTS) !== 0) this.rememberFragment(buf, ip, conv);
  }

  /** UDP: the conversation, then UDP 4051 flows or TFTP. Off the bulk path: plain code. */
  private udpDatagram(buf: Buffer, ip: number, l4: number, l4avail: number, ipPayload: number, frag: number, linkBroadcast: boolean): void {
    const sport = buf.readUInt16BE(l4);
    const dport = buf.readUInt16BE(l4 + 2);
    const udpLen = buf.readUInt16BE(l4 + 4);
    const conv = this.conversations.find(buf, ip, sport, dport, PROTO_UDP, ipPayload);
    if ((frag & IP_MORE_FRAGMENTS) !== 0) this.rememberFragment(buf, ip, conv);
    const clock = this.clock;
    const src = buf.readUInt32BE(ip + 12);
    const dst = buf.readUInt32BE(ip + 16);
    const dataLen = udpLen - 8;
    if (sport === PFS_PORT || dport === PFS_PORT) {
      this.udp.datagram(conv, this.conversations.srcIsLow, src, sport, dst, dport, dataLen, linkBroadcast, clock.time, clock.frame);
      return;
    }
    const dataAvail = Math.min(l4avail - 8, dataLen);
    if (dport === TFTP_PORT && this.tftp.request(buf, l4 + 8, dataAvail, src, sport, dst, clock.time, clock.frame)) return;
    const known = conv.tftp;
    if (known !== null && !known.superseded && this.tftp.packetOf(known, buf, l4 + 8, dataAvail, dataLen, src, sport, clock.time, clock.frame)) return;
    if (this.tftp.active) {
      const t = this.tftp.packet(buf, l4 + 8, dataAvail, dataLen, src, sport, dst, dport, clock.time, clock.frame);
      if (t !== undefined) conv.tftp = t;
    }
  }

  private stamp(time: number): void {
    if (time < this.firstTime) this.firstTime = time;
    if (time > this.lastTime) this.lastTime = time;
  }

  private fragmentKey(buf: Buffer, ip: number): string {
    return `${buf.readUInt32BE(ip + 12)}/${buf.readUInt32BE(ip + 16)}/${buf.readUInt16BE(ip + 4)}/${buf[ip + 9]}`;
  }

  private rememberFragment(buf: Buffer, ip: number, conv: ConvState): void {
    if (this.fragmentConvs.size >= MAX_TRACKED_FRAGMENT_IDS) this.fragmentConvs.clear();
    this.fragmentConvs.set(this.fragmentKey(buf, ip), conv);
  }

  /** A non-first fragment: no L4 header; it joins its first fragment's conversation when that was seen. */
  private laterFragment(buf: Buffer, ip: number, ipPayload: number): void {
    const conv = this.fragmentConvs.get(this.fragmentKey(buf, ip));
    if (conv === undefined) {
      this.conversations.find(buf, ip, 0, 0, buf[ip + 9]!, ipPayload);
      return;
    }
    conv.packets++;
    conv.bytes += ipPayload;
    if (this.clock.time > conv.lastTime) conv.lastTime = this.clock.time;
  }
}
