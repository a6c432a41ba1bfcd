// A TFTP client that sends exactly the packets a test tells it to, and hands back every
// packet it receives, in order: for the cases real clients cannot produce (duplicate ACKs,
// withheld ACKs, packets from a stranger's port, options out of range).
import type { RemoteInfo, Socket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import type { Packet } from '../../../../labs/virtual/tftp/packets.ts';
import { decodePacket, encodeAck, encodeRequest } from '../../../../labs/virtual/tftp/packets.ts';

export interface Received {
  packet: Packet;
  from: RemoteInfo;
}

/** How long next() waits before failing the test: a guard against hanging, not a measurement. */
const GUARD_MS = 15_000;

export class RawTftpClient {
  private readonly queue: Received[] = [];
  private waiter: ((r: Received) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('message', (msg, from) => {
      const r = { packet: decodePacket(msg), from };
      const w = this.waiter;
      if (w) {
        this.waiter = undefined;
        w(r);
      } else {
        this.queue.push(r);
      }
    });
  }

  static async open(bindAddress = '127.0.0.1'): Promise<RawTftpClient> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: bindAddress, port: 0 }, () => resolve());
    });
    return new RawTftpClient(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(msg: Buffer, port: number, address = '127.0.0.1'): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(msg, port, address, (err) => (err ? reject(err) : resolve())));
  }

  rrq(port: number, file: string, options: [string, string][] = [], mode = 'octet'): Promise<void> {
    return this.send(encodeRequest('rrq', file, mode, options), port);
  }

  ack(port: number, block: number): Promise<void> {
    return this.send(encodeAck(block), port);
  }

  /** The next packet received (already queued, or the next to arrive). */
  next(): Promise<Received> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no packet within ${GUARD_MS} ms`));
      }, GUARD_MS);
      this.waiter = (r) => {
        clearTimeout(guard);
        resolve(r);
      };
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
