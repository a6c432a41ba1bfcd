// A writer of synthetic pcap/pcapng captures for tests and benchmarks.
//
// Why: the capture reader and the PFS analysis are tested on files whose content is known
// exactly (who sent how many bytes, which TFTP blocks, which retransmissions), and the same
// files are fed to tshark to cross-check the reader. The writer streams: frames are
// assembled in one reused scratch buffer and appended to a 4 MiB output buffer that is
// flushed to the file with synchronous writes, so a bench can write a 1 GB capture with
// flat memory. Payload bytes come from one reused patterned buffer unless given.
//
// Time model: `time` is the capture clock (float seconds since the epoch). Every frame is
// stamped with `at` when given, else with `time`; afterwards `time` = frame time + `step`.
// Session helpers (tcpSession, tftpRead, tftpWrite) spread their frames evenly over
// `durationS` from `start` when given.
//
// Addresses: MACs are derived from IPv4 addresses (02:00:a:b:c:d) so frames are stable;
// a destination of 255.255.255.255 (or `broadcastMac: true`) gets ff:ff:ff:ff:ff:ff.
// Checksums: the IPv4 header checksum is correct; TCP/UDP checksums are 0 (tshark does not
// validate them by default, and UDP 0 means "none").
import fs from 'node:fs';

export type CaptureFormat = 'pcap' | 'pcapng';
/** ethernet=1, sll=113 (Linux cooked v1), sll2=276, raw=228 (raw IPv4), raw101=101 (raw IP), null=0 (BSD loopback). */
export type BuilderLinkType = 'ethernet' | 'sll' | 'sll2' | 'raw' | 'raw101' | 'null';

export interface CaptureBuilderOptions {
  format?: CaptureFormat;
  linkType?: BuilderLinkType;
  /** One 802.1Q tag, or [outer, inner] for QinQ (outer TPID 0x88a8, inner 0x8100). Ethernet only. */
  vlan?: number | number[];
  /** Nanosecond timestamps (pcap nanosecond magic; pcapng if_tsresol=9). */
  nanos?: boolean;
  /** Write the file big-endian (pcap header and records, or the whole pcapng section). */
  bigEndian?: boolean;
  /** Frames longer than this are truncated in the file (caplen < original length), like tcpdump -s. */
  snaplen?: number;
  /** Which pcapng block carries packets: EPB (default), SPB (no timestamp) or the obsolete OPB. */
  pcapngPacketBlock?: 'epb' | 'spb' | 'opb';
  /** Capture clock at the start, seconds since the epoch (default 1_700_000_000). */
  startTime?: number;
  /** Clock advance after each frame without `at`, seconds (default 100 µs). */
  step?: number;
  /**
   * Write this link-type number (DLT) in the file header instead of linkType's, e.g. 127
   * (IEEE 802.11 radiotap) or 65000: captures pfslab does not read. Frames then go through
   * rawFrame() only.
   */
  linkTypeNumber?: number;
  /** pcapng only: the section has no Interface Description Block (packets then name no interface). */
  noInterfaceBlock?: boolean;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/** Frame range a helper wrote (1-based, inclusive) and the time of its last frame. */
export interface FrameRange {
  firstFrame: number;
  lastFrame: number;
  end: number;
}

export interface UdpPacket {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  /** The payload, or just its length (filled from a fixed pattern). */
  payload: Buffer | number;
  at?: number;
  /** Ethernet destination ff:ff:ff:ff:ff:ff (or SLL packet type "broadcast") even if dst is unicast/directed. */
  broadcastMac?: boolean;
  /** Raw IPv4 header options (padded to 4 bytes by the builder). */
  ipOptions?: Buffer;
}

export interface TcpSegment {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  /** Bit set of TCP_FIN/SYN/RST/PSH/ACK. */
  flags: number;
  payload?: Buffer | number;
  at?: number;
  window?: number;
  ipOptions?: Buffer;
}

export interface Ipv4Packet {
  src: string;
  dst: string;
  /** IP protocol number. */
  proto: number;
  /** Bytes after the IP header (the L4 header is the caller's business). */
  payload: Buffer;
  at?: number;
  id?: number;
  /** Fragment offset in BYTES (multiple of 8). */
  fragmentOffset?: number;
  moreFragments?: boolean;
  dontFragment?: boolean;
  ipOptions?: Buffer;
  broadcastMac?: boolean;
  /** Value for the IP total length field (default: the true length). For malformed-packet tests. */
  totalLengthOverride?: number;
}

export interface TcpSessionSpec {
  client: string;
  cport: number;
  server: string;
  sport: number;
  /** Payload bytes sent by the client (before the server's), default 0. */
  clientBytes?: number;
  /** Payload bytes sent by the server. */
  serverBytes: number;
  /** Segment payload size, default 1448. */
  mss?: number;
  /** Time of the SYN (default: the capture clock). */
  start?: number;
  /** Spread all frames evenly over this many seconds (default: `step` per frame). */
  durationS?: number;
  /** close: FIN/ACK both ways; reset: RST from the client; cut: no ending at all. Default close. */
  end?: 'close' | 'reset' | 'cut';
  /** Every Nth data segment is sent twice (a retransmission of the same sequence range). */
  retransmitEvery?: number;
  /** The receiver ACKs every Nth segment (default 2) and the last one. */
  ackEvery?: number;
  /** Initial sequence numbers (default fixed values); put them near 2^32 to test wrap. */
  clientIsn?: number;
  serverIsn?: number;
  /** Leave the handshake out (the capture starts mid-connection). */
  noHandshake?: boolean;
}

export interface TftpSpec {
  client: string;
  cport: number;
  server: string;
  /** The server's transfer port (its TID). */
  stid: number;
  file: string;
  /** File size in bytes. */
  size: number;
  /** Block size asked for with the blksize option (omitted: no blksize option, 512). */
  blksize?: number;
  /** Further options in the request (tsize, timeout, windowsize, ...); values as strings. */
  options?: Record<string, string>;
  /** Options the server accepts in its OACK (default: all requested, tsize filled in for reads). Empty object: the server ignores options and sends no OACK. */
  acceptedOptions?: Record<string, string>;
  mode?: string;
  start?: number;
  durationS?: number;
  /** Send an ERROR instead of (the rest of) the data. */
  error?: { code: number; message: string; from?: 'server' | 'client' };
  /** Stop sending data once this many bytes went out (with `error`: then the ERROR). */
  stopAfterBytes?: number;
  /** Every Nth DATA packet is sent twice. */
  retransmitEvery?: number;
}

export interface FragmentedUdpSpec {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  payload: Buffer | number;
  /** IP payload bytes per fragment (rounded down to a multiple of 8), default 1480. */
  fragmentSize?: number;
  /** Write the fragments last-first. */
  reverse?: boolean;
  at?: number;
  id?: number;
  broadcastMac?: boolean;
}

const OUT_BUFFER_BYTES = 4 * 1024 * 1024;
const SCRATCH_BYTES = 65535 + 64;
const PATTERN_BYTES = 65536;

const LINKTYPE_NUMBERS: Record<BuilderLinkType, number> = {
  ethernet: 1,
  sll: 113,
  sll2: 276,
  raw: 228,
  raw101: 101,
  null: 0,
};

const PATTERN = (() => {
  const b = Buffer.allocUnsafe(PATTERN_BYTES);
  for (let i = 0; i < b.length; i++) b[i] = (i * 7 + 13) & 0xff;
  return b;
})();

export function ipToNumber(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${ip}`);
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`not an IPv4 address: ${ip}`);
    n = n * 256 + v;
  }
  return n;
}

function payloadBuffer(payload: Buffer | number | undefined): Buffer {
  if (payload === undefined) return PATTERN.subarray(0, 0);
  if (typeof payload !== 'number') return payload;
  if (payload <= PATTERN_BYTES) return PATTERN.subarray(0, payload);
  const b = Buffer.allocUnsafe(payload);
  for (let o = 0; o < payload; o += PATTERN_BYTES) PATTERN.copy(b, o, 0, Math.min(PATTERN_BYTES, payload - o));
  return b;
}

export class CaptureBuilder {
  /** Current capture time in seconds (float). */
  time: number;
  /** Clock advance per frame without `at`. */
  step: number;
  readonly format: CaptureFormat;
  readonly linkType: BuilderLinkType;
  /** The DLT/LINKTYPE number written to the file. */
  readonly linkTypeNumber: number;

  private readonly fd: number;
  private readonly out = Buffer.allocUnsafe(OUT_BUFFER_BYTES);
  private pos = 0;
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  private frameCount = 0;
  private ipId = 1;
  private readonly vlans: number[];
  private readonly nanos: boolean;
  private readonly bigEndian: boolean;
  private readonly snaplen: number;
  private readonly packetBlock: 'epb' | 'spb' | 'opb';
  private readonly noInterfaceBlock: boolean;
  private closed = false;

  private constructor(fd: number, opts: CaptureBuilderOptions) {
    this.fd = fd;
    this.format = opts.format ?? 'pcap';
    this.linkType = opts.linkType ?? 'ethernet';
    this.linkTypeNumber = opts.linkTypeNumber ?? LINKTYPE_NUMBERS[this.linkType];
    this.noInterfaceBlock = opts.noInterfaceBlock ?? false;
    const vlan = opts.vlan;
    this.vlans = vlan === undefined ? [] : Array.isArray(vlan) ? vlan : [vlan];
    if (this.vlans.length > 0 && this.linkType !== 'ethernet') throw new Error('vlan tags need linkType ethernet');
    this.nanos = opts.nanos ?? false;
    this.bigEndian = opts.bigEndian ?? false;
    this.snaplen = opts.snaplen ?? 262144;
    this.packetBlock = opts.pcapngPacketBlock ?? 'epb';
    this.time = opts.startTime ?? 1_700_000_000;
    this.step = opts.step ?? 0.0001;
  }

  static async create(path: string, opts: CaptureBuilderOptions = {}): Promise<CaptureBuilder> {
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(path, 'w', (err, d) => (err ? reject(err) : resolve(d))),
    );
    const b = new CaptureBuilder(fd, opts);
    if (b.format === 'pcap') b.writePcapHeader();
    else b.newSection();
    return b;
  }

  /** Frames written so far (the last frame's 1-based number). */
  get frames(): number {
    return this.frameCount;
  }

  // ---------------------------------------------------------------- packets

  udp(p: UdpPacket): void {
    const data = payloadBuffer(p.payload);
    const udpLen = 8 + data.length;
    const l4 = Buffer.allocUnsafe(8);
    l4.writeUInt16BE(p.sport, 0);
    l4.writeUInt16BE(p.dport, 2);
    l4.writeUInt16BE(udpLen & 0xffff, 4);
    l4.writeUInt16BE(0, 6);
    this.ipFrame(p.src, p.dst, 17, l4, data, p.at, {
      broadcastMac: p.broadcastMac,
      ipOptions: p.ipOptions,
    });
  }

  tcp(p: TcpSegment): void {
    const data = payloadBuffer(p.payload);
    const l4 = this.tcpHeader(p.sport, p.dport, p.seq, p.ack, p.flags, p.window ?? 65535);
    this.ipFrame(p.src, p.dst, 6, l4, data, p.at, { ipOptions: p.ipOptions });
  }

  /** Any IPv4 packet; the payload is everything after the IP header. */
  ipv4(p: Ipv4Packet): void {
    this.ipFrame(p.src, p.dst, p.proto, undefined, p.payload, p.at, p);
  }

  /** A non-IP frame (ARP 0x0806, IPv6 0x86dd, ...) wrapped in this capture's link header. */
  linkFrame(etherType: number, payload: Buffer, at?: number): void {
    const s = this.scratch;
    const off = this.writeLinkHeader(s, etherType, 0, 0xffffffff, true);
    payload.copy(s, off);
    this.record(s, off + payload.length, at);
  }

  /** A frame exactly as given (link header included), for garbage and edge cases. */
  rawFrame(bytes: Buffer, at?: number): void {
    this.record(bytes, bytes.length, at);
  }

  /** Bytes written straight into the file with no record framing (corruption tests). */
  rawBytes(bytes: Buffer): void {
    if (bytes.length > this.out.length) {
      this.ensure(0);
      this.flush();
      for (let off = 0; off < bytes.length; ) off += fs.writeSync(this.fd, bytes, off, bytes.length - off);
      return;
    }
    this.ensure(bytes.length);
    bytes.copy(this.out, this.pos);
    this.pos += bytes.length;
  }

  /** One UDP datagram split into IPv4 fragments; returns the frame range. */
  fragmentedUdp(p: FragmentedUdpSpec): FrameRange {
    const data = payloadBuffer(p.payload);
    const whole = Buffer.allocUnsafe(8 + data.length);
    whole.writeUInt16BE(p.sport, 0);
    whole.writeUInt16BE(p.dport, 2);
    whole.writeUInt16BE((8 + data.length) & 0xffff, 4);
    whole.writeUInt16BE(0, 6);
    data.copy(whole, 8);
    const size = Math.max(8, Math.floor((p.fragmentSize ?? 1480) / 8) * 8);
    const id = p.id ?? this.nextIpId();
    const offsets: number[] = [];
    for (let o = 0; o < whole.length; o += size) offsets.push(o);
    if (p.reverse) offsets.reverse();
    const firstFrame = this.frameCount + 1;
    let at = p.at;
    for (const o of offsets) {
      this.ipv4({
        src: p.src,
        dst: p.dst,
        proto: 17,
        payload: whole.subarray(o, Math.min(o + size, whole.length)),
        id,
        fragmentOffset: o,
        moreFragments: o + size < whole.length,
        broadcastMac: p.broadcastMac,
        at,
      });
      at = undefined;
    }
    return { firstFrame, lastFrame: this.frameCount, end: this.time - this.step };
  }

  // ---------------------------------------------------------------- sessions

  /** A whole TCP connection: handshake, client data then server data in MSS segments with ACKs, then the ending. */
  tcpSession(p: TcpSessionSpec): FrameRange {
    const mss = p.mss ?? 1448;
    const clientBytes = p.clientBytes ?? 0;
    const ackEvery = Math.max(1, p.ackEvery ?? 2);
    const rexmit = p.retransmitEvery ?? 0;
    const end = p.end ?? 'close';
    const handshake = !p.noHandshake;
    const segs = (n: number): number => Math.ceil(n / mss);
    const acks = (n: number): number => (n === 0 ? 0 : Math.ceil(n / ackEvery));
    const rex = (n: number): number => (rexmit > 0 ? Math.floor(n / rexmit) : 0);
    const cs = segs(clientBytes);
    const ss = segs(p.serverBytes);
    const total =
      (handshake ? 3 : 0) + cs + acks(cs) + rex(cs) + ss + acks(ss) + rex(ss) + (end === 'close' ? 4 : end === 'reset' ? 1 : 0);
    const clock = this.clock(p.start, p.durationS, total);

    const c = { ip: p.client, port: p.cport, seq: (p.clientIsn ?? 0x1000_0000) >>> 0 };
    const s = { ip: p.server, port: p.sport, seq: (p.serverIsn ?? 0x7000_0000) >>> 0 };
    const firstFrame = this.frameCount + 1;
    const seg = (from: typeof c, to: typeof c, flags: number, len: number): void => {
      this.tcp({ src: from.ip, dst: to.ip, sport: from.port, dport: to.port, seq: from.seq, ack: to.seq, flags, payload: len, at: clock() });
    };
    if (handshake) {
      seg(c, s, TCP_SYN, 0);
      c.seq = (c.seq + 1) >>> 0;
      this.tcp({ src: s.ip, dst: c.ip, sport: s.port, dport: c.port, seq: s.seq, ack: c.seq, flags: TCP_SYN | TCP_ACK, at: clock() });
      s.seq = (s.seq + 1) >>> 0;
      seg(c, s, TCP_ACK, 0);
    } else {
      c.seq = (c.seq + 1) >>> 0;
      s.seq = (s.seq + 1) >>> 0;
    }
    const send = (from: typeof c, to: typeof c, bytes: number): void => {
      let n = 0;
      for (let sent = 0; sent < bytes; ) {
        const len = Math.min(mss, bytes - sent);
        n++;
        const last = sent + len >= bytes;
        seg(from, to, TCP_ACK | (last ? TCP_PSH : 0), len);
        if (rexmit > 0 && n % rexmit === 0) seg(from, to, TCP_ACK, len);
        from.seq = (from.seq + len) >>> 0;
        sent += len;
        if (n % ackEvery === 0 || last) seg(to, from, TCP_ACK, 0);
      }
    };
    send(c, s, clientBytes);
    send(s, c, p.serverBytes);
    if (end === 'close') {
      seg(s, c, TCP_FIN | TCP_ACK, 0);
      s.seq = (s.seq + 1) >>> 0;
      seg(c, s, TCP_ACK, 0);
      seg(c, s, TCP_FIN | TCP_ACK, 0);
      c.seq = (c.seq + 1) >>> 0;
      seg(s, c, TCP_ACK, 0);
    } else if (end === 'reset') {
      seg(c, s, TCP_RST | TCP_ACK, 0);
    }
    return { firstFrame, lastFrame: this.frameCount, end: this.time - this.step };
  }

  /** A TFTP read (RRQ): optional OACK + ACK 0, then DATA/ACK lockstep (or windows), or an ERROR. */
  tftpRead(p: TftpSpec): FrameRange {
    return this.tftpTransfer('read', p);
  }

  /** A TFTP write (WRQ): ACK 0 or OACK from the server's TID, then the client sends DATA. */
  tftpWrite(p: TftpSpec): FrameRange {
    return this.tftpTransfer('write', p);
  }

  // ---------------------------------------------------------------- pcapng structure

  /** pcapng only: start a new section (SHB) with one interface (IDB) of this builder's link type. */
  newSection(): void {
    if (this.format !== 'pcapng') throw new Error('newSection is pcapng only');
    const shb = Buffer.alloc(16);
    this.w32(shb, 0, 0x1a2b3c4d);
    this.w16(shb, 4, 1);
    this.w16(shb, 6, 0);
    shb.fill(0xff, 8, 16); // section length -1: unknown
    this.pcapngBlock(0x0a0d0d0a, shb);
    if (this.noInterfaceBlock) return;
    const opts = this.nanos ? Buffer.from([0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0]) : Buffer.alloc(0);
    if (this.nanos) {
      this.w16(opts, 0, 9); // if_tsresol
      this.w16(opts, 2, 1);
    }
    const idb = Buffer.alloc(8 + opts.length);
    this.w16(idb, 0, this.linkTypeNumber);
    this.w16(idb, 2, 0);
    this.w32(idb, 4, this.snaplen);
    opts.copy(idb, 8);
    this.pcapngBlock(1, idb);
  }

  /** pcapng only: any block (type + body, padded to 4 bytes by the builder), e.g. unknown or custom blocks. */
  pcapngBlock(type: number, body: Buffer): void {
    const padded = (body.length + 3) & ~3;
    const total = 12 + padded;
    const head = Buffer.allocUnsafe(8);
    this.w32(head, 0, type);
    this.w32(head, 4, total);
    const tail = Buffer.alloc(padded - body.length + 4);
    this.w32(tail, tail.length - 4, total);
    this.rawBytes(head);
    this.rawBytes(body);
    this.rawBytes(tail);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    const fd = this.fd;
    await new Promise<void>((resolve, reject) => fs.close(fd, (err) => (err ? reject(err) : resolve())));
  }

  // ---------------------------------------------------------------- internals

  private tftpTransfer(op: 'read' | 'write', p: TftpSpec): FrameRange {
    const mode = p.mode ?? 'octet';
    const requested: Record<string, string> = {};
    if (p.blksize !== undefined) requested.blksize = String(p.blksize);
    Object.assign(requested, p.options ?? {});
    let accepted = p.acceptedOptions;
    if (accepted === undefined) {
      accepted = { ...requested };
      if (op === 'read' && 'tsize' in accepted) accepted.tsize = String(p.size);
    }
    const hasOack = Object.keys(accepted).length > 0;
    const blk = accepted.blksize !== undefined ? Number(accepted.blksize) : 512;
    const window = accepted.windowsize !== undefined ? Math.max(1, Number(accepted.windowsize)) : 1;
    const limit = Math.min(p.size, p.stopAfterBytes ?? p.size);
    const errorEarly = p.error !== undefined && p.stopAfterBytes === undefined;
    const stopping = p.stopAfterBytes !== undefined && p.stopAfterBytes < p.size;
    // Count frames for the even spread over durationS (estimate is exact for the normal path).
    const blocks = stopping ? Math.ceil(limit / blk) : Math.floor(p.size / blk) + 1;
    const rex = p.retransmitEvery ? Math.floor(blocks / p.retransmitEvery) : 0;
    const total = errorEarly ? 2 : 1 + (hasOack ? 2 : op === 'write' ? 1 : 0) + blocks + Math.ceil(blocks / window) + rex + (p.error ? 1 : 0);
    const clock = this.clock(p.start, p.durationS, total);

    const client = { ip: p.client, port: p.cport };
    const server = { ip: p.server, port: p.stid };
    const firstFrame = this.frameCount + 1;
    const send = (from: typeof client, to: typeof client, payload: Buffer): void =>
      this.udp({ src: from.ip, dst: to.ip, sport: from.port, dport: to.port, payload, at: clock() });

    const req = [Buffer.from([0, op === 'read' ? 1 : 2]), Buffer.from(`${p.file}\0${mode}\0`)];
    for (const [k, v] of Object.entries(requested)) req.push(Buffer.from(`${k}\0${v}\0`));
    send(client, { ip: p.server, port: 69 }, Buffer.concat(req));
    const errorPacket = (e: { code: number; message: string }): Buffer => {
      const b = Buffer.alloc(4 + Buffer.byteLength(e.message) + 1);
      b.writeUInt16BE(5, 0);
      b.writeUInt16BE(e.code, 2);
      b.write(e.message, 4);
      return b;
    };
    if (errorEarly && p.error) {
      send(server, client, errorPacket(p.error));
      return { firstFrame, lastFrame: this.frameCount, end: this.time - this.step };
    }
    const sender = op === 'read' ? server : client;
    const receiver = op === 'read' ? client : server;
    const ack = (n: number): Buffer => Buffer.from([0, 4, (n >> 8) & 0xff, n & 0xff]);
    if (hasOack) {
      const parts = [Buffer.from([0, 6])];
      for (const [k, v] of Object.entries(accepted)) parts.push(Buffer.from(`${k}\0${v}\0`));
      send(server, client, Buffer.concat(parts));
      // A reader ACKs block 0 to take the OACK; a writer answers it with DATA 1 directly.
      if (op === 'read') send(client, server, ack(0));
    } else if (op === 'write') {
      send(server, client, ack(0));
    }
    const dataBuf = Buffer.allocUnsafe(4 + blk);
    let sent = 0;
    let block = 0;
    let n = 0;
    for (;;) {
      if (stopping && sent >= limit) break;
      const len = Math.min(blk, p.size - sent);
      block = (block + 1) & 0xffff; // rollover 65535 -> 0
      n++;
      dataBuf.writeUInt16BE(3, 0);
      dataBuf.writeUInt16BE(block, 2);
      PATTERN.copy(dataBuf, 4, 0, Math.min(len, PATTERN_BYTES));
      const pkt = dataBuf.subarray(0, 4 + len);
      send(sender, receiver, pkt);
      if (p.retransmitEvery && n % p.retransmitEvery === 0) send(sender, receiver, pkt);
      sent += len;
      const last = len < blk;
      if (n % window === 0 || last || (stopping && sent >= limit)) {
        if (!(stopping && sent >= limit && p.error)) send(receiver, sender, ack(block));
      }
      if (last) break;
    }
    if (p.error) send(p.error.from === 'client' ? client : server, p.error.from === 'client' ? server : client, errorPacket(p.error));
    return { firstFrame, lastFrame: this.frameCount, end: this.time - this.step };
  }

  /** A clock for `total` frames: evenly over durationS from start, else the running capture clock. */
  private clock(start: number | undefined, durationS: number | undefined, total: number): () => number | undefined {
    if (start === undefined && durationS === undefined) return () => undefined;
    const t0 = start ?? this.time;
    const dt = durationS !== undefined && total > 1 ? durationS / (total - 1) : this.step;
    let i = 0;
    return () => t0 + dt * i++;
  }

  private tcpHeader(sport: number, dport: number, seq: number, ack: number, flags: number, window: number): Buffer {
    const h = Buffer.allocUnsafe(20);
    h.writeUInt16BE(sport, 0);
    h.writeUInt16BE(dport, 2);
    h.writeUInt32BE(seq >>> 0, 4);
    h.writeUInt32BE(ack >>> 0, 8);
    h[12] = 5 << 4;
    h[13] = flags;
    h.writeUInt16BE(window, 14);
    h.writeUInt32BE(0, 16);
    return h;
  }

  private nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  private ipFrame(
    src: string,
    dst: string,
    proto: number,
    l4: Buffer | undefined,
    data: Buffer,
    at: number | undefined,
    o: {
      broadcastMac?: boolean;
      ipOptions?: Buffer;
      id?: number;
      fragmentOffset?: number;
      moreFragments?: boolean;
      dontFragment?: boolean;
      totalLengthOverride?: number;
    },
  ): void {
    const s = this.scratch;
    const srcN = ipToNumber(src);
    const dstN = ipToNumber(dst);
    const bcast = o.broadcastMac === true || dstN === 0xffffffff;
    let off = this.writeLinkHeader(s, 0x0800, srcN, dstN, bcast);
    const optLen = o.ipOptions ? (o.ipOptions.length + 3) & ~3 : 0;
    const ihl = 20 + optLen;
    const l4Len = l4 ? l4.length : 0;
    const total = ihl + l4Len + data.length;
    if (total > 65535) throw new Error(`IPv4 packet too long: ${total}`);
    const ip = off;
    s[ip] = 0x40 | (ihl >> 2);
    s[ip + 1] = 0;
    s.writeUInt16BE(o.totalLengthOverride ?? total, ip + 2);
    s.writeUInt16BE(o.id ?? this.nextIpId(), ip + 4);
    const frag = ((o.fragmentOffset ?? 0) >> 3) | (o.moreFragments ? 0x2000 : 0) | (o.dontFragment ? 0x4000 : 0);
    s.writeUInt16BE(frag, ip + 6);
    s[ip + 8] = 64;
    s[ip + 9] = proto;
    s.writeUInt16BE(0, ip + 10);
    s.writeUInt32BE(srcN, ip + 12);
    s.writeUInt32BE(dstN, ip + 16);
    if (o.ipOptions) {
      s.fill(0, ip + 20, ip + ihl);
      o.ipOptions.copy(s, ip + 20);
    }
    let sum = 0;
    for (let i = 0; i < ihl; i += 2) sum += s.readUInt16BE(ip + i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    s.writeUInt16BE(~sum & 0xffff, ip + 10);
    off = ip + ihl;
    if (l4) {
      l4.copy(s, off);
      off += l4.length;
    }
    data.copy(s, off);
    off += data.length;
    this.record(s, off, at);
  }

  /** Writes the link header for this capture's link type; returns the offset of the network header. */
  private writeLinkHeader(s: Buffer, etherType: number, srcIp: number, dstIp: number, broadcast: boolean): number {
    switch (this.linkType) {
      case 'ethernet': {
        if (broadcast) s.fill(0xff, 0, 6);
        else this.mac(s, 0, dstIp);
        this.mac(s, 6, srcIp);
        let off = 12;
        this.vlans.forEach((v, i) => {
          const outer = this.vlans.length > 1 && i === 0;
          s.writeUInt16BE(outer ? 0x88a8 : 0x8100, off);
          s.writeUInt16BE(v & 0x0fff, off + 2);
          off += 4;
        });
        s.writeUInt16BE(etherType, off);
        return off + 2;
      }
      case 'sll':
        s.writeUInt16BE(broadcast ? 1 : 0, 0); // packet type: 1 = broadcast, 0 = to us
        s.writeUInt16BE(1, 2); // ARPHRD_ETHER
        s.writeUInt16BE(6, 4);
        this.mac(s, 6, srcIp);
        s.writeUInt16BE(0, 12);
        s.writeUInt16BE(etherType, 14);
        return 16;
      case 'sll2':
        s.writeUInt16BE(etherType, 0);
        s.writeUInt16BE(0, 2);
        s.writeUInt32BE(1, 4); // interface index
        s.writeUInt16BE(1, 8);
        s[10] = broadcast ? 1 : 0;
        s[11] = 6;
        this.mac(s, 12, srcIp);
        s.writeUInt16BE(0, 18);
        return 20;
      case 'null':
        // BSD loopback: address family in the byte order of the capturing host (= the file's).
        this.w32(s, 0, etherType === 0x0800 ? 2 : etherType === 0x86dd ? 30 : 0);
        return 4;
      case 'raw':
      case 'raw101':
        return 0;
    }
  }

  private mac(s: Buffer, off: number, ip: number): void {
    s[off] = 0x02;
    s[off + 1] = 0x00;
    s.writeUInt32BE(ip >>> 0, off + 2);
  }

  /** Appends one packet record of `len` bytes taken from `frame`. */
  private record(frame: Buffer, len: number, at: number | undefined): void {
    const t = at ?? this.time;
    this.time = t + this.step;
    this.frameCount++;
    const caplen = Math.min(len, this.snaplen);
    const per = this.nanos ? 1e9 : 1e6;
    let sec = Math.floor(t);
    let frac = Math.round((t - sec) * per);
    if (frac >= per) {
      sec++;
      frac -= per;
    }
    if (this.format === 'pcap') {
      this.ensure(16 + caplen);
      const o = this.out;
      const p = this.pos;
      this.w32(o, p, sec);
      this.w32(o, p + 4, frac);
      this.w32(o, p + 8, caplen);
      this.w32(o, p + 12, len);
      frame.copy(o, p + 16, 0, caplen);
      this.pos = p + 16 + caplen;
      return;
    }
    const padded = (caplen + 3) & ~3;
    const o = this.out;
    if (this.packetBlock === 'spb') {
      const total = 16 + padded;
      this.ensure(total);
      const p = this.pos;
      this.w32(o, p, 3);
      this.w32(o, p + 4, total);
      this.w32(o, p + 8, len);
      frame.copy(o, p + 12, 0, caplen);
      o.fill(0, p + 12 + caplen, p + 12 + padded);
      this.w32(o, p + 12 + padded, total);
      this.pos = p + total;
      return;
    }
    const total = 32 + padded;
    this.ensure(total);
    const p = this.pos;
    let hi: number;
    let lo: number;
    if (this.nanos) {
      const units = BigInt(sec) * 1_000_000_000n + BigInt(frac);
      hi = Number(units >> 32n);
      lo = Number(units & 0xffffffffn);
    } else {
      const units = sec * 1e6 + frac; // < 2^53: exact
      hi = Math.floor(units / 4294967296);
      lo = units - hi * 4294967296;
    }
    if (this.packetBlock === 'opb') {
      this.w32(o, p, 2);
      this.w32(o, p + 4, total);
      this.w16(o, p + 8, 0); // interface id
      this.w16(o, p + 10, 0); // drops count
    } else {
      this.w32(o, p, 6);
      this.w32(o, p + 4, total);
      this.w32(o, p + 8, 0); // interface id
    }
    this.w32(o, p + 12, hi);
    this.w32(o, p + 16, lo);
    this.w32(o, p + 20, caplen);
    this.w32(o, p + 24, len);
    frame.copy(o, p + 28, 0, caplen);
    o.fill(0, p + 28 + caplen, p + 28 + padded);
    this.w32(o, p + 28 + padded, total);
    this.pos = p + total;
  }

  private writePcapHeader(): void {
    const h = Buffer.alloc(24);
    this.w32(h, 0, this.nanos ? 0xa1b23c4d : 0xa1b2c3d4);
    this.w16(h, 4, 2);
    this.w16(h, 6, 4);
    this.w32(h, 8, 0);
    this.w32(h, 12, 0);
    this.w32(h, 16, this.snaplen);
    this.w32(h, 20, this.linkTypeNumber);
    this.rawBytes(h);
  }

  private w32(b: Buffer, off: number, v: number): void {
    if (this.bigEndian) b.writeUInt32BE(v >>> 0, off);
    else b.writeUInt32LE(v >>> 0, off);
  }

  private w16(b: Buffer, off: number, v: number): void {
    if (this.bigEndian) b.writeUInt16BE(v & 0xffff, off);
    else b.writeUInt16LE(v & 0xffff, off);
  }

  private ensure(n: number): void {
    if (this.closed) throw new Error('CaptureBuilder is closed');
    if (this.pos + n <= this.out.length) return;
    this.flush();
    if (n > this.out.length) throw new Error(`record too large for the builder: ${n}`);
  }

  private flush(): void {
    let off = 0;
    while (off < this.pos) off += fs.writeSync(this.fd, this.out, off, this.pos - off);
    this.pos = 0;
  }
}
