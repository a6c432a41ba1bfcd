// TFTP transfers (RFC 1350 with the option extensions of RFC 2347-2349 and windowsize,
// RFC 7440): the phones' and the root's downloads from the TFTP server.
//
// A transfer opens with an RRQ/WRQ to port 69 and is keyed by the client's ip:port. The
// server answers from a new port (its TID), so every later packet is matched by the client
// endpoint: packets to it come from the server side, packets from it are the client's.
// Data bytes are counted once per block: block numbers are unwrapped to an absolute number
// (nearest to the highest seen, so a rollover 65535 -> 0, or -> 1, continues upward), and
// a block counts only when it is beyond the highest seen. `wireBytes` counts every DATA.
import type { TftpTransfer } from './types.ts';
import { ipv4ToString } from './ip-address.ts';

const OP_RRQ = 1;
const OP_WRQ = 2;
const OP_DATA = 3;
const OP_ERROR = 5;
const OP_OACK = 6;
export const TFTP_PORT = 69;
const DEFAULT_BLOCK_SIZE = 512;

export class TransferState {
  /** A newer request from the same client endpoint took over its key. */
  superseded = false;
  serverTid = -1;
  mode = '';
  requestedOptions: Record<string, string> = {};
  acceptedOptions: Record<string, string> = {};
  blockSize = DEFAULT_BLOCK_SIZE;
  highestBlock = 0;
  bytes = 0;
  wireBytes = 0;
  blocks = 0;
  // Starts as a double (see ConvState.firstTime in conversations.ts): set by the constructor.
  end = 0.5;
  complete = false;
  error = false;
  errorCode = 0;
  errorMessage = '';
  lastFrame: number;
  lastDataTime = NaN;

  constructor(
    readonly client: number,
    readonly clientPort: number,
    readonly server: number,
    readonly serverPort: number,
    readonly op: 'read' | 'write',
    readonly file: string,
    readonly start: number,
    readonly requestFrame: number,
  ) {
    this.end = start;
    this.lastFrame = requestFrame;
  }
}

/** NUL-terminated latin1 strings from buf[start, end). */
function cStrings(buf: Buffer, start: number, end: number): string[] {
  const out: string[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === 0) {
      out.push(buf.toString('latin1', s, i));
      s = i + 1;
    }
  }
  if (s < end) out.push(buf.toString('latin1', s, end)); // unterminated tail (snapped capture)
  return out;
}

function optionPairs(strings: string[], from: number): Record<string, string> {
  const opts: Record<string, string> = {};
  for (let i = from; i + 1 < strings.length; i += 2) opts[strings[i]!.toLowerCase()] = strings[i + 1]!;
  return opts;
}

export class TftpTracker {
  /** Open transfers by client endpoint key (ip * 65536 + port). */
  private readonly open = new Map<number, TransferState>();
  private readonly all: TransferState[] = [];

  get active(): boolean {
    return this.open.size > 0;
  }

  /** An RRQ/WRQ candidate: a UDP datagram to port 69. Returns false when it is not one. */
  request(buf: Buffer, off: number, avail: number, src: number, sport: number, dst: number, time: number, frame: number): boolean {
    if (avail < 4) return false;
    const op = buf.readUInt16BE(off);
    if (op !== OP_RRQ && op !== OP_WRQ) return false;
    const strings = cStrings(buf, off + 2, off + avail);
    const file = strings[0] ?? '';
    const key = src * 65536 + sport;
    const kind = op === OP_RRQ ? 'read' : 'write';
    const existing = this.open.get(key);
    if (existing && existing.file === file && existing.op === kind && existing.serverTid < 0) {
      existing.lastFrame = frame; // the client repeated its request
      if (time > existing.end) existing.end = time;
      return true;
    }
    if (existing) existing.superseded = true;
    const t = new TransferState(src, sport, dst, TFTP_PORT, kind, file, time, frame);
    t.mode = (strings[1] ?? '').toLowerCase();
    t.requestedOptions = optionPairs(strings, 2);
    this.open.set(key, t);
    this.all.push(t);
    return true;
  }

  /**
   * Any other UDP datagram while transfers are open: the transfer it belongs to (matched by
   * the client endpoint), or undefined. The caller may remember the transfer on the
   * conversation and call `packetOf` directly next time.
   */
  packet(buf: Buffer, off: number, avail: number, dataLen: number, src: number, sport: number, dst: number, dport: number, time: number, frame: number): TransferState | undefined {
    if (avail < 2) return undefined;
    const t = this.open.get(dst * 65536 + dport) ?? this.open.get(src * 65536 + sport);
    if (t === undefined) return undefined;
    return this.packetOf(t, buf, off, avail, dataLen, src, sport, time, frame) ? t : undefined;
  }

  /** A datagram between `t`'s client endpoint and its server; false when it is not TFTP of this transfer. */
  packetOf(t: TransferState, buf: Buffer, off: number, avail: number, dataLen: number, src: number, sport: number, time: number, frame: number): boolean {
    if (avail < 2) return false;
    const fromServer = !(src === t.client && sport === t.clientPort);
    const peerPort = fromServer ? sport : -1;
    if (fromServer && t.serverTid >= 0 && peerPort !== t.serverTid) return false; // some other peer of this client port
    const op = buf.readUInt16BE(off);
    if (op < OP_DATA || op > OP_OACK) return false;
    if (fromServer && t.serverTid < 0) t.serverTid = sport;
    t.lastFrame = frame;
    if (time > t.end) t.end = time;
    switch (op) {
      case OP_DATA: {
        if (fromServer !== (t.op === 'read') || avail < 4) return true;
        const len = dataLen - 4;
        if (len >= 0) this.data(t, buf.readUInt16BE(off + 2), len, time);
        return true;
      }
      case OP_ERROR:
        if (!t.complete) {
          t.error = true;
          t.errorCode = avail >= 4 ? buf.readUInt16BE(off + 2) : -1;
          t.errorMessage = avail > 4 ? (cStrings(buf, off + 4, off + avail)[0] ?? '') : '';
        }
        return true;
      case OP_OACK:
        if (!fromServer) return true;
        t.acceptedOptions = optionPairs(cStrings(buf, off + 2, off + avail), 0);
        if (t.acceptedOptions.blksize !== undefined) {
          const b = Number(t.acceptedOptions.blksize);
          if (Number.isInteger(b) && b > 0) t.blockSize = b;
        }
        return true;
      default: // OP_ACK (4)
        return true; // progress is read from DATA; ACKs only extend the transfer's time span
    }
  }

  private data(t: TransferState, block: number, len: number, time: number): void {
    t.wireBytes += len;
    // Unwrap the 16-bit block number to the absolute block nearest the highest seen.
    const abs = t.highestBlock + ((((block - t.highestBlock) & 0xffff) << 16) >> 16);
    if (abs <= t.highestBlock) return; // a retransmission (or an older block of a window)
    t.highestBlock = abs;
    t.bytes += len;
    t.blocks++;
    t.lastDataTime = time;
    // A server that ignored our blksize, or an OACK missing from the capture: trust the data.
    if (len > t.blockSize) t.blockSize = len;
    if (len < t.blockSize) t.complete = true;
  }

  transfers(): TftpTransfer[] {
    return this.all.map((t) => {
      const out: TftpTransfer = {
        client: ipv4ToString(t.client),
        clientPort: t.clientPort,
        server: ipv4ToString(t.server),
        serverPort: t.serverPort,
        op: t.op,
        file: t.file,
        mode: t.mode,
        requestedOptions: t.requestedOptions,
        acceptedOptions: t.acceptedOptions,
        blockSize: t.blockSize,
        bytes: t.bytes,
        wireBytes: t.wireBytes,
        blocks: t.blocks,
        start: t.start,
        end: t.end,
        durationMs: (t.end - t.start) * 1000,
        status: t.complete ? 'complete' : t.error ? 'error' : 'incomplete',
        requestFrame: t.requestFrame,
        lastFrame: t.lastFrame,
      };
      if (t.serverTid >= 0) out.serverTid = t.serverTid;
      if (t.error) {
        out.errorCode = t.errorCode;
        out.errorMessage = t.errorMessage;
      }
      if (!Number.isNaN(t.lastDataTime)) out.lastDataTime = t.lastDataTime;
      return out;
    });
  }
}
