// TCP connections on port 4051 (the PFS parent-to-child file copies): who connected to
// whom, how many payload bytes went each way, when, and how the connection ended.
//
// Bytes are counted by sequence-space advance, per direction: the highest sequence end
// seen so far is kept, and a segment adds only what lies beyond it. Retransmissions and
// overlapping segments therefore count once; the comparison uses a signed 32-bit
// difference, so sequence numbers wrapping past 2^32 are handled. When the capture missed
// a segment (capture loss) the advance still covers it, which is what the receiver got.
// With the SYN in the capture, counting starts at ISN+1; without it, at the first payload
// segment seen.
//
// This is on the hot path of a bulk transfer: no allocation per segment, numbers only.
import type { Tcp4051Connection } from './types.ts';
import type { ConvState } from './conversations.ts';
import { ipv4ToString } from './ip-address.ts';
import type { FrameClock } from './frame-clock.ts';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

export class TcpConnState {
  /** Whether the initiator is the conversation's canonical low endpoint. */
  readonly initiatorIsLow: boolean;
  readonly sawSyn: boolean;
  readonly synSeq: number;
  /** Highest sequence end per direction (uint32) and whether it is known yet. */
  endI = 0.5; // doubles from the start: uint32 values exceed a small int
  endA = 0.5;
  knownI = false;
  knownA = false;
  bytesI = 0;
  bytesA = 0;
  firstPayI = NaN;
  lastPayI = NaN;
  firstPayA = NaN;
  lastPayA = NaN;
  finI = false;
  finA = false;
  rst = false;
  closedBeforeRst = false;
  // Start as doubles (see ConvState.firstTime in conversations.ts): set by the constructor.
  readonly start: number = 0.5;
  end = 0.5;
  readonly firstFrame: number;
  lastFrame: number;
  readonly conv: ConvState;

  constructor(conv: ConvState, initiatorIsLow: boolean, sawSyn: boolean, synSeq: number, frame: number, time: number) {
    this.conv = conv;
    this.initiatorIsLow = initiatorIsLow;
    this.sawSyn = sawSyn;
    this.synSeq = synSeq;
    this.start = time;
    this.end = time;
    this.firstFrame = frame;
    this.lastFrame = frame;
  }
}

export class TcpConnectionTracker {
  private readonly finished: TcpConnState[] = [];

  constructor(private readonly clock: FrameClock) {}

  /**
   * One TCP segment with either port 4051, its header at buf[l4]. `srcIsLow`: the sender is
   * the conversation's low endpoint. Sequence number and time are read here, not passed in
   * (see frame-clock.ts).
   */
  segment(conv: ConvState, srcIsLow: boolean, buf: Buffer, l4: number, payloadLen: number): void {
    const seq = ((buf[l4 + 4]! << 24) | (buf[l4 + 5]! << 16) | (buf[l4 + 6]! << 8) | buf[l4 + 7]!) >>> 0;
    const flags = buf[l4 + 13]!;
    const time = this.clock.time;
    const frame = this.clock.frame;
    let c = conv.tcp;
    const synOnly = (flags & (SYN | ACK)) === SYN;
    if (c === null || (synOnly && this.isNewConnection(c, seq))) {
      if (c !== null) this.finished.push(c);
      // Initiator: the SYN sender; for a SYN-ACK first, its receiver; otherwise the first sender.
      const initiatorIsLow = (flags & (SYN | ACK)) === (SYN | ACK) ? !srcIsLow : srcIsLow;
      c = new TcpConnState(conv, initiatorIsLow, synOnly, seq, frame, time);
      conv.tcp = c;
    }
    const fromI = srcIsLow === c.initiatorIsLow;
    c.lastFrame = frame;
    if (time > c.end) c.end = time;

    if ((flags & SYN) !== 0) {
      // The SYN occupies one sequence number: payload starts at ISN+1.
      const next = (seq + 1) >>> 0;
      if (fromI) {
        c.endI = next;
        c.knownI = true;
      } else {
        c.endA = next;
        c.knownA = true;
      }
    } else if (payloadLen > 0) {
      const segEnd = (seq + payloadLen) >>> 0;
      if (fromI) {
        if (!c.knownI) {
          c.knownI = true;
          c.endI = segEnd;
          c.bytesI += payloadLen;
          c.firstPayI = time;
          c.lastPayI = time;
        } else {
          const advance = (segEnd - c.endI) | 0;
          if (advance > 0) {
            c.endI = segEnd;
            c.bytesI += advance;
            if (c.firstPayI !== c.firstPayI) c.firstPayI = time;
            c.lastPayI = time;
          }
        }
      } else if (!c.knownA) {
        c.knownA = true;
        c.endA = segEnd;
        c.bytesA += payloadLen;
        c.firstPayA = time;
        c.lastPayA = time;
      } else {
        const advance = (segEnd - c.endA) | 0;
        if (advance > 0) {
          c.endA = segEnd;
          c.bytesA += advance;
          if (c.firstPayA !== c.firstPayA) c.firstPayA = time;
          c.lastPayA = time;
        }
      }
    }
    if ((flags & (FIN | RST)) !== 0) {
      if ((flags & FIN) !== 0) {
        if (fromI) c.finI = true;
        else c.finA = true;
      }
      if ((flags & RST) !== 0 && !c.rst) {
        c.rst = true;
        c.closedBeforeRst = c.finI && c.finA;
      }
    }
  }

  /** A bare SYN on a 4-tuple that already has a connection: a new one, unless it repeats the same SYN. */
  private isNewConnection(c: TcpConnState, seq: number): boolean {
    if (c.rst || (c.finI && c.finA)) return true;
    if (c.sawSyn) return seq !== c.synSeq;
    return true; // a SYN after mid-connection traffic starts a new connection
  }

  connections(convs: readonly ConvState[]): Tcp4051Connection[] {
    const all = [...this.finished];
    for (const conv of convs) if (conv.tcp !== null) all.push(conv.tcp);
    all.sort((x, y) => x.firstFrame - y.firstFrame);
    return all.map((c) => toConnection(c));
  }
}

function toConnection(c: TcpConnState): Tcp4051Connection {
  const conv = c.conv;
  const iIp = c.initiatorIsLow ? conv.lowIp : conv.highIp;
  const iPort = c.initiatorIsLow ? conv.lowPort : conv.highPort;
  const aIp = c.initiatorIsLow ? conv.highIp : conv.lowIp;
  const aPort = c.initiatorIsLow ? conv.highPort : conv.lowPort;
  const out: Tcp4051Connection = {
    initiator: ipv4ToString(iIp),
    initiatorPort: iPort,
    acceptor: ipv4ToString(aIp),
    acceptorPort: aPort,
    bytesFromInitiator: c.bytesI,
    bytesFromAcceptor: c.bytesA,
    start: c.start,
    end: c.end,
    state: c.rst && !c.closedBeforeRst ? 'reset' : c.finI && c.finA ? 'closed' : 'cut',
    sawSyn: c.sawSyn,
    firstFrame: c.firstFrame,
    lastFrame: c.lastFrame,
  };
  if (!Number.isNaN(c.firstPayA)) {
    out.firstPayloadFromAcceptor = c.firstPayA;
    out.lastPayloadFromAcceptor = c.lastPayA;
  }
  if (!Number.isNaN(c.firstPayI)) {
    out.firstPayloadFromInitiator = c.firstPayI;
    out.lastPayloadFromInitiator = c.lastPayI;
  }
  return out;
}
