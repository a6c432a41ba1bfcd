// The phone's access to the network, injected so that the same phone code runs
// (a) in-process on loopback addresses, many phones per process, and
// (b) one phone per process inside its own network namespace.
//
// UDP 4051 is two sockets in both modes: one bound to the broadcast address (reuseAddr:
// every phone of the broadcast domain receives every broadcast; Linux delivers a broadcast
// to all sockets bound to it) and one bound to the phone's own address, which sends, so
// datagrams leave with the phone's address as source. What differs is only the broadcast
// address, and whether the receiver emulates the subnet:
// - namespace mode: the subnet's own broadcast address (10.20.1.255); the kernel and the
//   bridge decide who hears what; nothing is filtered in software.
// - loopback mode: the limited broadcast 255.255.255.255, sent from the phone's 127.x
//   address (Linux routes it out of lo, the device that owns the source address). We do not
//   use 127.255.255.255: the PFS analysis (harness/pfs) recognises a broadcast by its link
//   layer or by 255.255.255.255, and lo has no link-layer broadcast, so 127.255.255.255
//   would read as unicast to another subnet (CROSS_SUBNET). Either way lo is ONE broadcast
//   domain for every phone of the host, so the receiving phone drops datagrams whose source
//   address is outside its configured subnet. Less faithful than a real LAN: the datagrams
//   still reach every socket on the host (a capture on lo shows them once, with no
//   per-subnet frames), a phone of another subnet would hear them if it did not filter, and
//   there is no ARP, no MTU, no loss, no shaping.
import { createSocket } from 'node:dgram';
import type { Socket as UdpSocket } from 'node:dgram';
import { createConnection, createServer } from 'node:net';
import type { OnReadOpts, Server, Socket } from 'node:net';
import { cidrContains, ipv4ToNumber, numberToIpv4, parseCidr } from '../../../harness/formats/ipv4.ts';

export interface PeerDatagram {
  from: string;
  port: number;
  data: Buffer;
}

export interface BroadcastPort {
  broadcast(data: Buffer): void;
  unicast(data: Buffer, ip: string): void;
  close(): void;
}

export interface NetStack {
  readonly mode: 'loopback' | 'namespace';
  /** Opens UDP `port` for a phone at `ip` in subnet `cidr`; `onMessage` never sees the phone's own datagrams. */
  openBroadcast(ip: string, cidr: string, port: number, onMessage: (d: PeerDatagram) => void): Promise<BroadcastPort>;
  listenTcp(ip: string, port: number, onConnection: (s: Socket) => void): Promise<Server>;
  /** `onread`: read into the caller's buffer (net's option) instead of 'data' events. */
  connectTcp(fromIp: string, toIp: string, port: number, onread?: OnReadOpts): Socket;
}

export function loopbackNetStack(): NetStack {
  return kernelStack('loopback', () => '255.255.255.255', true);
}

/** In a namespace: the subnet's broadcast address, no software filter. */
export function namespaceNetStack(): NetStack {
  return kernelStack('namespace', subnetBroadcast, false);
}

function kernelStack(mode: NetStack['mode'], broadcastOf: (cidr: string) => string, filterSubnet: boolean): NetStack {
  return {
    mode,
    async openBroadcast(ip, cidr, port, onMessage) {
      const bcast = broadcastOf(cidr);
      const rx = await bindUdp(bcast, port, true);
      const tx = await bindUdp(ip, port, true);
      // The root gets a placement request from every phone of its subnet at once (a thousand
      // in the scale bench): room for them, where the default buffer holds about 300.
      tx.setRecvBufferSize(1 << 20);
      const deliver = (data: Buffer, from: string, fromPort: number) => {
        if (from === ip) return;
        if (filterSubnet && !inSubnet(from, cidr)) return;
        onMessage({ from, port: fromPort, data });
      };
      rx.on('message', (data, r) => deliver(data, r.address, r.port));
      tx.on('message', (data, r) => deliver(data, r.address, r.port));
      let closed = false;
      return {
        broadcast: (data) => {
          if (!closed) tx.send(data, port, bcast);
        },
        unicast: (data, to) => {
          if (!closed) tx.send(data, port, to);
        },
        close: () => {
          if (closed) return;
          closed = true;
          rx.close();
          tx.close();
        },
      };
    },
    listenTcp(ip, port, onConnection) {
      return new Promise((resolve, reject) => {
        const server = createServer({ noDelay: true }, onConnection);
        server.once('error', reject);
        // A root is joined by every phone of its subnet at once: with Node's default backlog
        // (511) the kernel drops the SYNs beyond it and those phones wait a second or more to
        // retry. The kernel caps the backlog at net.core.somaxconn.
        server.listen({ host: ip, port, exclusive: true, backlog: 4096 }, () => {
          server.off('error', reject);
          resolve(server);
        });
      });
    },
    connectTcp(fromIp, toIp, port, onread) {
      return createConnection({ host: toIp, port, localAddress: fromIp, noDelay: true, ...(onread ? { onread } : {}) });
    },
  };
}

const UDP_RECEIVE_BUFFER_BYTES = 1 << 20;

function bindUdp(address: string, port: number, broadcast: boolean): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const s = createSocket({ type: 'udp4', reuseAddr: true });
    s.once('error', reject);
    s.bind({ address, port }, () => {
      s.off('error', reject);
      s.on('error', () => {}); // a send to a vanished peer must not crash the phone
      if (broadcast) s.setBroadcast(true);
      // Room for the datagrams that arrive while the phone's event loop is busy (hundreds of
      // phones share one loop in loopback mode): with the default ~200 KiB, a loaded machine's
      // stalls overflowed it, and the claims, joins and DONEs the kernel dropped split
      // elections (issue 15). The kernel caps it at net.core.rmem_max, which is fine.
      try {
        s.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
      } catch {
        // Kept at the system's default: slower to recover from a stall, still correct.
      }
      resolve(s);
    });
  });
}

export function subnetBroadcast(cidr: string): string {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`not a CIDR: ${cidr}`);
  return numberToIpv4(c.broadcast);
}

export function subnetMask(cidr: string): string {
  const c = parseCidr(cidr);
  if (!c) throw new Error(`not a CIDR: ${cidr}`);
  return numberToIpv4(c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0);
}

function inSubnet(ip: string, cidr: string): boolean {
  const c = parseCidr(cidr);
  const n = ipv4ToNumber(ip);
  return c !== undefined && n !== undefined && cidrContains(c, n);
}
