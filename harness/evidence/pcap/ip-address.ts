// IPv4 addresses travel through the hot path as unsigned 32-bit numbers; they become
// dotted strings only when a flow is created or reported.

export const BROADCAST_IPV4 = 0xffffffff;

export function ipv4ToString(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${ip & 0xff}`;
}
