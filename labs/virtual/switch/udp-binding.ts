// The agent's UDP socket, bound where the lab asks and awaited.
//
// net-snmp 3.29 defect worked around here: its listener replaces port 0 by 161
// (`port || 161`), so an agent cannot ask for a free port, and running as root it would
// silently take the real SNMP port. It also returns before the socket is bound and reports
// a bind failure only to the agent's callback. The listener accepts a `dgramModule`
// option; this one creates ordinary sockets whose bind() uses the port asked for here, and
// lets startPoeSwitch wait until they listen (or fail).
import dgram from 'node:dgram';
import type { Socket, SocketType } from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface BindingDgram {
  /** What to pass as net-snmp's `dgramModule`. */
  module: { createSocket(type: SocketType): Socket };
  /** Resolves with the bound address once every socket created listens; rejects on a bind error. */
  listening(): Promise<AddressInfo>;
  /** Closes sockets that never got bound (the agent cannot close those). */
  discard(): Promise<void>;
}

/**
 * Resolves once closed UDP handles are really gone. A dgram socket's close callback runs
 * before libuv has released the handle (that happens in the loop's close phase, after the
 * check phase), so two setImmediate turns are needed for "no socket left" to be true.
 */
export function handlesReleased(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export function bindingDgram(port: number): BindingDgram {
  const sockets: { socket: Socket; bound: Promise<AddressInfo> }[] = [];
  return {
    module: {
      createSocket(type: SocketType): Socket {
        const socket = dgram.createSocket(type);
        const bound = new Promise<AddressInfo>((resolve, reject) => {
          const onError = (error: Error): void => reject(error);
          socket.once('error', onError);
          socket.once('listening', () => {
            socket.off('error', onError);
            resolve(socket.address());
          });
        });
        // Awaited by listening(); this keeps an early failure from counting as unhandled.
        bound.catch(() => undefined);
        const bind = socket.bind.bind(socket) as (port: number, address?: string) => Socket;
        // The agent calls bind(port || 161, address); the port asked for here wins.
        socket.bind = ((_agentPort: number, address?: string) => bind(port, address)) as Socket['bind'];
        sockets.push({ socket, bound });
        return socket;
      },
    },
    async listening(): Promise<AddressInfo> {
      const [first, ...rest] = await Promise.all(sockets.map((s) => s.bound));
      if (first === undefined || rest.length > 0) throw new Error(`expected one agent socket, got ${sockets.length}`);
      return first;
    },
    async discard(): Promise<void> {
      await Promise.all(
        sockets.map(
          ({ socket }) =>
            new Promise<void>((resolve) => {
              try {
                socket.close(() => resolve());
              } catch {
                resolve(); // already closed: nothing to release
              }
            }),
        ),
      );
      await handlesReleased();
    },
  };
}
