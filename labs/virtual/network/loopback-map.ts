// Loopback fallback addresses (not root, or --loopback): every device binds its own 127.x
// address on the shared `lo` (Linux routes all of 127.0.0.0/8 locally, no setup needed).
//
// The map keeps the subnet structure readable: the first octet becomes 127 and the other
// three are kept, so 10.20.1.21 -> 127.20.1.21 and a device's loopback address still says
// which subnet it is in. Two lab addresses that differ only in the first octet (10.20.1.21
// and 172.20.1.21) would collide, and some results are unusable (127.0.0.x is where
// localhost services live, 127.255.255.255 is the loopback broadcast the devices share);
// those addresses take the next free address of 127.254.0.0/16 instead, in lab order, so the
// map stays deterministic for a given lab.
//
// What loopback mode cannot give (so the devices emulate it in software, and suites should
// prefer namespace mode as root):
// - no per-subnet broadcast domain in the kernel: a broadcast goes to 127.255.255.255 and
//   reaches every device of every subnet; the devices themselves must drop broadcasts from
//   other subnets (the plan's subnets and this map tell which subnet a sender is in);
// - no tc shaping and no router: WAN rate, delay and loss are emulated by the devices;
// - captures share one interface (lo) for the whole lab, without Ethernet headers, and
//   see every subnet at once; a device's MAC address appears nowhere on the wire.

import { ipv4ToNumber, numberToIpv4 } from '../../../harness/formats/ipv4.ts';

export const LOOPBACK_BROADCAST = '127.255.255.255';
const POOL_BASE = ipv4ToNumber('127.254.0.1') ?? 0;

/** Lab address -> loopback address, for the addresses in lab order. */
export function loopbackMap(addresses: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  const taken = new Set<string>();
  const pending: string[] = [];
  for (const ip of addresses) {
    if (map[ip] !== undefined || pending.includes(ip)) continue;
    const candidate = `127.${ip.split('.').slice(1).join('.')}`;
    if (usable(candidate) && !taken.has(candidate)) {
      map[ip] = candidate;
      taken.add(candidate);
    } else {
      pending.push(ip);
    }
  }
  let next = POOL_BASE;
  for (const ip of pending) {
    while (taken.has(numberToIpv4(next))) next++;
    const address = numberToIpv4(next++);
    map[ip] = address;
    taken.add(address);
  }
  return map;
}

function usable(address: string): boolean {
  if (address === LOOPBACK_BROADCAST) return false;
  if (address.startsWith('127.0.0.') || address.startsWith('127.254.')) return false;
  const last = address.split('.')[3];
  return last !== '0';
}
