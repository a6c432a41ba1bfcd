// The sweep's WAN: a UDP relay between the bench's phones (loopback) and its TFTP server that
// does to every datagram what the virtual lab's WAN does to every frame (labs/virtual/network:
// tc tbf per direction, the WAN relay's rtt/2 delay and random loss), in user space:
//   - rate: one FIFO per direction drained at the WAN's rate, each datagram counted with
//     Ethernet + IPv4 + UDP headers (42 bytes), as tbf counts a frame;
//   - queue: a datagram that would wait more than 500 ms (tbf's `latency 500ms`) is dropped;
//   - delay: rtt/2 after it left the queue; loss: lossPercent at random before the queue.
// Why not the lab's own WAN: that needs network namespaces (root, the shared lab lock) and one
// process per phone, and the sweep runs up to 1,000 phones in two processes on loopback.
// The equivalence is by construction (same rate, queue bound, delay, loss); what differs is
// said in BENCHMARKS.md.
//
// TFTP gives each transfer its own server port (its TID), so the relay keeps, per phone
// socket, one upstream socket towards the server, and answers the phone from the relay's
// address with the server's port number, so the phone sees the TIDs it would see directly.
import type { RemoteInfo, Socket } from 'node:dgram';
import { createSocket } from 'node:dgram';
// Ethernet + IPv4 + UDP around each datagram: what tc tbf counts, and what the model counts.
import { FRAME_OVERHEAD_BYTES } from '../../harness/plan/model.ts';

export interface ShaperOptions {
  /** Where the phones send (their TFTP server address); port 69 and every TID port are bound here on demand. */
  listenAddress: string;
  /** The real TFTP server. */
  serverAddress: string;
  serverPort: number;
  /** Local address of the upstream sockets (towards the server). */
  upstreamAddress: string;
  bitsPerSecond: number;
  rttMs: number;
  lossPercent: number;
}

const QUEUE_LIMIT_S = 0.5;
const IDLE_CLOSE_MS = 30_000;

/** One direction of the WAN: a FIFO drained at the rate, then the one-way delay. */
class Direction {
  private busyUntil = 0;
  bytes = 0;
  drops = 0;
  lost = 0;
  /** Wire bytes by the whole second (since start) in which they left the queue. */
  readonly perSecond: number[] = [];

  constructor(
    private readonly bitsPerSecond: number,
    private readonly oneWayMs: number,
    private readonly lossPercent: number,
    private readonly t0: number,
  ) {}

  send(payload: Buffer, deliver: () => void): void {
    if (this.lossPercent > 0 && Math.random() * 100 < this.lossPercent) {
      this.lost += 1;
      return;
    }
    const now = performance.now();
    const start = Math.max(now, this.busyUntil);
    if (start - now > QUEUE_LIMIT_S * 1000) {
      this.drops += 1;
      return;
    }
    const wire = payload.length + FRAME_OVERHEAD_BYTES;
    this.busyUntil = start + (wire * 8 * 1000) / this.bitsPerSecond;
    this.bytes += wire;
    const second = Math.floor((this.busyUntil - this.t0) / 1000);
    this.perSecond[second] = (this.perSecond[second] ?? 0) + wire;
    // Timers of one duration fire in order; these differ, but a later datagram's departure is never earlier: FIFO kept.
    setTimeout(deliver, this.busyUntil - now + this.oneWayMs);
  }

  /** The busiest whole second, bits per second. */
  peakBitsPerSecond(): number {
    let peak = 0;
    for (const b of this.perSecond) peak = Math.max(peak, (b ?? 0) * 8);
    return peak;
  }
}

export interface WanShaper {
  down: Direction;
  up: Direction;
  close(): Promise<void>;
}

export async function startWanShaper(o: ShaperOptions): Promise<WanShaper> {
  const t0 = performance.now();
  let closed = false;
  const down = new Direction(o.bitsPerSecond, o.rttMs / 2, o.lossPercent, t0);
  const up = new Direction(o.bitsPerSecond, o.rttMs / 2, o.lossPercent, t0);
  /** Phone-facing sockets by port (69 and each transfer's TID). */
  const facing = new Map<number, { socket: Socket; lastUse: number }>();
  /** Upstream socket per phone endpoint. */
  const upstream = new Map<string, { socket: Socket; lastUse: number }>();

  const bind = (socket: Socket, port: number, address: string) =>
    new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port, address, exclusive: true }, () => {
        socket.off('error', reject);
        socket.on('error', () => undefined);
        resolve();
      });
    });

  const facingSocket = async (port: number): Promise<Socket> => {
    const known = facing.get(port);
    if (known) {
      known.lastUse = performance.now();
      return known.socket;
    }
    const socket = createSocket('udp4');
    const entry = { socket, lastUse: performance.now() };
    facing.set(port, entry);
    socket.on('message', (msg, from) => void fromPhone(msg, from, port));
    await bind(socket, port, o.listenAddress);
    return socket;
  };

  const upstreamFor = async (phone: RemoteInfo): Promise<Socket> => {
    const key = `${phone.address}:${phone.port}`;
    const known = upstream.get(key);
    if (known) {
      known.lastUse = performance.now();
      return known.socket;
    }
    const socket = createSocket('udp4');
    upstream.set(key, { socket, lastUse: performance.now() });
    socket.on('message', (msg, from) => {
      // Server -> phone: down the WAN, then out of the relay's socket with the server's TID.
      down.send(msg, () => {
        if (closed) return;
        // A port another process holds cannot carry the transfer: the datagram is lost, as on a WAN.
        facingSocket(from.port).then(
          (s) => s.send(msg, phone.port, phone.address),
          () => undefined,
        );
      });
    });
    await bind(socket, 0, o.upstreamAddress);
    return socket;
  };

  const fromPhone = async (msg: Buffer, from: RemoteInfo, port: number) => {
    if (closed) return;
    const socket = await upstreamFor(from).catch(() => undefined);
    if (!socket) return;
    up.send(msg, () => {
      if (!closed) socket.send(msg, port === 69 ? o.serverPort : port, o.serverAddress);
    });
  };

  await facingSocket(69);
  const sweeper = setInterval(() => {
    const now = performance.now();
    for (const [k, e] of upstream) {
      if (now - e.lastUse <= IDLE_CLOSE_MS) continue;
      upstream.delete(k);
      e.socket.close();
    }
    for (const [p, e] of facing) {
      if (p === 69 || now - e.lastUse <= IDLE_CLOSE_MS) continue;
      facing.delete(p);
      e.socket.close();
    }
  }, 5000);
  return {
    down,
    up,
    close: () => {
      closed = true;
      clearInterval(sweeper);
      const all = [...upstream.values(), ...facing.values()];
      upstream.clear();
      facing.clear();
      return Promise.all(all.map((e) => new Promise<void>((r) => e.socket.close(() => r())))).then(() => undefined);
    },
  };
}
