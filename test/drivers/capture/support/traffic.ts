// Known traffic from Node on the loopback: UDP datagrams and one TCP transfer.
import { createSocket } from 'node:dgram';
import { createServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Sends `count` datagrams of `size` bytes to host:port (nobody needs to listen). */
export async function sendUdp(host: string, port: number, count: number, size = 100): Promise<void> {
  const socket = createSocket('udp4');
  const payload = Buffer.alloc(size, 0x61);
  try {
    for (let i = 0; i < count; i++) {
      await new Promise<void>((resolve, reject) => socket.send(payload, port, host, (e) => (e ? reject(e) : resolve())));
    }
  } finally {
    socket.close();
  }
}

/** A TCP server on host that reads everything; returns its port and a close function. */
export async function tcpSink(host: string): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = createServer((s) => s.on('data', (d: Buffer) => (received += d.length)));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Connects, sends `bytes` bytes, closes (FIN) and waits for the close. */
export async function sendTcp(host: string, port: number, bytes: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const s = connect(port, host, () => s.end(Buffer.alloc(bytes, 0x62)));
    s.on('error', reject);
    s.on('close', () => resolve());
    s.resume();
  });
}

/** A port nobody listens on right now (bind 0, read, release). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
