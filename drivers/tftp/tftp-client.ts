// pfslab's TFTP client: reads a file from a TFTP server (RFC 1350, octet mode) with the
// blksize (RFC 2348), tsize (RFC 2349) and windowsize (RFC 7440) options. Used by the
// harness to read config files and loads from the lab's TFTP server, and by the virtual
// phones to fetch theirs (so the phones' TFTP traffic is what a real client sends).
//
// Behaviour where the RFCs leave a choice:
// - The server's first reply fixes its transfer id (port); packets from any other port get
//   error 5 and are otherwise ignored (RFC 1350 §4).
// - A server that ignores the options (answers with DATA 1) is fine: 512-byte blocks,
//   window 1. An OACK granting more than asked, or an option not asked, is refused (error 8).
// - On a timeout the client repeats its last packet (the RRQ, or the last ACK) up to
//   `retries` times, then fails naming server, file and how far it got. With a window above
//   1 it acknowledges instead the last block it has in order: when the tail of a window was
//   lost, that ACK falls inside the window and the server resends from there at once
//   (RFC 7440 §4), where repeating the previous window's ACK would be ignored as a duplicate
//   and cost a server timeout per window.
// - With a window above 1, a block out of order makes the client acknowledge the last block
//   it has in order, which makes the server resend from there (RFC 7440 §4).
// - The socket's receive buffer is sized for two windows of the blocks asked for: a window
//   of 16 blocks of 8 KiB is 128 KiB in one burst, and the kernel's default buffer (208 KiB
//   of truesize) drops the tail of it, every window. The kernel caps the size at
//   net.core.rmem_max.
// - Errors name the server and the file: a lab has many of both.
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { decodeServerPacket, encodeAck, encodeError, encodeReadRequest } from './tftp-packets.ts';

export interface TftpGetOptions {
  server: string;
  /** Default 69. */
  port?: number;
  file: string;
  /** Local address to send from (a phone's own address); default: the kernel's choice. */
  localAddress?: string;
  /** blksize to ask for (8..65464); undefined: do not ask (512-byte blocks). */
  blockSize?: number;
  /** windowsize to ask for (1..65535); undefined: do not ask (lock-step). */
  windowSize?: number;
  /** Ask for tsize (default true when any option is asked). */
  tsize?: boolean;
  /** Wait for each reply, ms. Default 1000. */
  timeoutMs?: number;
  /** Retransmissions of one packet before giving up. Default 5. */
  retries?: number;
  /** Refuse files larger than this many bytes (default 256 MiB). */
  maxBytes?: number;
  /** Called with each new in-order payload (for progress or for forwarding while it arrives). */
  onData?: (chunk: Buffer, receivedSoFar: number, totalSize: number | undefined) => void;
  signal?: AbortSignal;
}

export interface TftpGetResult {
  content: Buffer;
  /** What was used for the transfer after negotiation. */
  blockSize: number;
  windowSize: number;
  /** From the OACK's tsize, when the server sent one. */
  announcedSize?: number;
  /** Packets repeated after a timeout. */
  retransmissions: number;
}

export class TftpError extends Error {
  constructor(
    readonly server: string,
    readonly file: string,
    readonly detail: string,
    /** The server's TFTP error code, when the server sent one. */
    readonly code?: number,
  ) {
    super(`TFTP ${server}: ${file}: ${detail}`);
    this.name = 'TftpError';
  }
}

const DEFAULT_BLOCK = 512;
/** What the kernel charges a receive buffer per datagram beyond its payload (skb truesize), roughly. */
const DATAGRAM_OVERHEAD = 1024;

export function tftpGet(opts: TftpGetOptions): Promise<TftpGetResult> {
  return new Promise((resolve, reject) => new ReadSession(opts, resolve, reject).start());
}

class ReadSession {
  private readonly socket: Socket;
  private readonly port: number;
  private readonly where: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxBytes: number;
  private readonly requested: [string, string][] = [];
  private serverPort: number | undefined;
  private blockSize = DEFAULT_BLOCK;
  private windowSize = 1;
  private announcedSize: number | undefined;
  /** Blocks received in order so far (not wrapped). */
  private blocks = 0;
  private inWindow = 0;
  private received = 0;
  private readonly chunks: Buffer[] = [];
  private lastSent: Buffer;
  private timer: NodeJS.Timeout | undefined;
  private tries = 0;
  private retransmissions = 0;
  private done = false;

  constructor(
    private readonly opts: TftpGetOptions,
    private readonly resolve: (r: TftpGetResult) => void,
    private readonly reject: (e: Error) => void,
  ) {
    this.port = opts.port ?? 69;
    this.where = opts.port === undefined || opts.port === 69 ? opts.server : `${opts.server}:${opts.port}`;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.retries = opts.retries ?? 5;
    this.maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
    if (opts.blockSize !== undefined) this.requested.push(['blksize', String(opts.blockSize)]);
    if (opts.windowSize !== undefined) this.requested.push(['windowsize', String(opts.windowSize)]);
    if (opts.tsize ?? this.requested.length > 0) this.requested.push(['tsize', '0']);
    this.lastSent = encodeReadRequest(opts.file, this.requested);
    this.socket = createSocket('udp4');
  }

  start(): void {
    if (this.opts.signal?.aborted) return this.fail('aborted before the request');
    this.opts.signal?.addEventListener('abort', this.onAbort);
    this.socket.on('error', (e) => this.fail(`socket error: ${e.message}`));
    this.socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    this.socket.bind({ address: this.opts.localAddress, port: 0 }, () => {
      const burst = ((this.opts.blockSize ?? DEFAULT_BLOCK) + 4 + DATAGRAM_OVERHEAD) * (this.opts.windowSize ?? 1) * 2;
      if (burst > this.socket.getRecvBufferSize()) this.socket.setRecvBufferSize(burst);
      this.send(this.lastSent, this.port);
    });
  }

  // Error code 0 ("not defined, see message"): the server stops resending at once instead of
  // retransmitting into the void until its own timeout (tftpd-hpa keeps a process that long).
  private readonly onAbort = (): void => this.abortWith(0, 'aborted by the client');

  private send(packet: Buffer, port: number): void {
    this.lastSent = packet;
    this.socket.send(packet, port, this.opts.server);
    this.arm();
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onTimeout(), this.timeoutMs);
  }

  private onTimeout(): void {
    if (this.done) return;
    if (++this.tries > this.retries) {
      const got = this.serverPort === undefined ? 'no answer to the request' : `stalled after ${this.received} bytes (block ${this.blocks})`;
      return this.fail(`timed out: ${got}, ${this.retries} retransmissions of ${this.timeoutMs} ms`);
    }
    this.retransmissions++;
    const packet = this.windowSize > 1 && this.blocks > 0 ? encodeAck(this.blocks) : this.lastSent;
    this.inWindow = 0;
    this.send(packet, this.serverPort ?? this.port);
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.done || rinfo.address !== this.opts.server) return;
    if (this.serverPort === undefined) this.serverPort = rinfo.port;
    else if (rinfo.port !== this.serverPort) {
      this.socket.send(encodeError(5, 'Unknown transfer ID'), rinfo.port, rinfo.address);
      return;
    }
    const p = decodeServerPacket(msg);
    switch (p.op) {
      case 'error':
        return this.fail(`server error ${p.code}: ${p.message}`, p.code);
      case 'oack':
        return this.onOack(p.options);
      case 'data':
        return this.onData(p.block, p.payload);
      default:
        return this.abortWith(4, `unexpected packet (${p.reason})`);
    }
  }

  private onOack(options: Map<string, string>): void {
    if (this.blocks > 0) return; // a late duplicate of the OACK: our ACK 0 already went
    const asked = new Map(this.requested);
    for (const [name, value] of options) {
      const n = Number(value);
      if (!asked.has(name) || !/^\d+$/.test(value)) return this.abortWith(8, `server granted "${name}=${value}", which was not asked`);
      if (name === 'blksize') {
        if (n < 8 || n > Number(asked.get(name))) return this.abortWith(8, `server granted blksize ${n}, asked ${asked.get(name)}`);
        this.blockSize = n;
      } else if (name === 'windowsize') {
        if (n < 1 || n > Number(asked.get(name))) return this.abortWith(8, `server granted windowsize ${n}, asked ${asked.get(name)}`);
        this.windowSize = n;
      } else if (name === 'tsize') {
        if (n > this.maxBytes) return this.abortWith(3, `file is ${n} bytes, more than the ${this.maxBytes} accepted`);
        this.announcedSize = n;
      }
    }
    this.tries = 0;
    this.send(encodeAck(0), this.serverPort ?? this.port);
  }

  private onData(block: number, payload: Buffer): void {
    const expected = (this.blocks + 1) & 0xffff;
    if (block !== expected) {
      // Lock-step: a repeat of the block we acknowledged means our ACK was lost. Windowed: a
      // gap; either way, acknowledging what we have makes the server go on from there.
      if (this.windowSize > 1 || block === (this.blocks & 0xffff)) {
        this.inWindow = 0;
        this.send(encodeAck(this.blocks), this.serverPort ?? this.port);
      }
      return;
    }
    if (payload.length > this.blockSize) return this.abortWith(4, `block ${block} carries ${payload.length} bytes, more than blksize ${this.blockSize}`);
    this.blocks++;
    this.received += payload.length;
    if (this.received > this.maxBytes) return this.abortWith(3, `more than ${this.maxBytes} bytes`);
    const copy = Buffer.from(payload);
    this.chunks.push(copy);
    this.tries = 0;
    this.opts.onData?.(copy, this.received, this.announcedSize);
    if (payload.length < this.blockSize) return this.finish();
    if (++this.inWindow >= this.windowSize) {
      this.inWindow = 0;
      this.send(encodeAck(this.blocks), this.serverPort ?? this.port);
    } else {
      this.arm();
    }
  }

  private finish(): void {
    this.socket.send(encodeAck(this.blocks), this.serverPort ?? this.port, this.opts.server, () => {
      if (this.announcedSize !== undefined && this.announcedSize !== this.received) {
        return this.fail(`got ${this.received} bytes, the server announced ${this.announcedSize} (tsize)`);
      }
      this.settle();
      this.resolve({
        content: Buffer.concat(this.chunks, this.received),
        blockSize: this.blockSize,
        windowSize: this.windowSize,
        announcedSize: this.announcedSize,
        retransmissions: this.retransmissions,
      });
    });
    this.done = true;
    clearTimeout(this.timer);
  }

  /** Tells the server why we stop (so it does not retransmit into the void), then fails. */
  private abortWith(code: number, detail: string): void {
    if (this.serverPort !== undefined) this.socket.send(encodeError(code, detail.slice(0, 200)), this.serverPort, this.opts.server);
    this.fail(detail);
  }

  private fail(detail: string, code?: number): void {
    if (this.settle()) this.reject(new TftpError(this.where, this.opts.file, detail, code));
  }

  /** Releases timer, socket and listener once; false when already settled. */
  private settled = false;
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.done = true;
    clearTimeout(this.timer);
    this.opts.signal?.removeEventListener('abort', this.onAbort);
    // Closing right after a send is safe: the datagram is already queued in the kernel.
    setImmediate(() => this.socket.close());
    return true;
  }
}
