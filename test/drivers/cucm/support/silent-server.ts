// A CUCM that does not answer: a TCP server on 127.0.0.1 that accepts connections and never
// says a word (not even the TLS handshake). Registers mocha before/after hooks: call inside
// describe(); read `port` inside a test.

import { createServer, type Server, type Socket } from 'node:net';

export function useSilentServer(): { readonly port: number } {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  before(async () => {
    const s = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server = s;
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  });
  return {
    get port() {
      const address = server?.address();
      if (!address || typeof address === 'string') throw new Error('useSilentServer: read the port inside a test, after before()');
      return address.port;
    },
  };
}
