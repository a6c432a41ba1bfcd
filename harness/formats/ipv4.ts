// IPv4 arithmetic on dotted quads, shared by the lab cross-checks (is a phone inside its
// subnet, network/broadcast addresses, overlaps) and the PFS analysis (which subnet a peer is in).

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The address as an unsigned 32-bit number, or undefined when it is not a dotted quad. */
export function ipv4ToNumber(text: string): number | undefined {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (const part of m.slice(1)) {
    // Leading zeros ("010") are refused: some tools read them as octal.
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

export function isIpv4(text: string): boolean {
  return ipv4ToNumber(text) !== undefined;
}

export interface Cidr {
  /** The network address as written (host bits may be set; see `canonical`). */
  address: number;
  prefix: number;
  network: number;
  broadcast: number;
  /** The CIDR with host bits cleared, e.g. 10.20.1.0/24 for 10.20.1.5/24. */
  canonical: string;
}

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = ipv4ToNumber(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  return { address, prefix, network, broadcast: network + size - 1, canonical: `${numberToIpv4(network)}/${prefix}` };
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.network && ip <= cidr.broadcast;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network <= b.broadcast && b.network <= a.broadcast;
}

/** /31 and /32 have no network or broadcast address (RFC 3021), so nothing is reserved there. */
export function isReservedInCidr(cidr: Cidr, ip: number): 'network' | 'broadcast' | undefined {
  if (cidr.prefix >= 31) return undefined;
  if (ip === cidr.network) return 'network';
  if (ip === cidr.broadcast) return 'broadcast';
  return undefined;
}

/** The /24 an address sits in, as a CIDR string: the guess used when no lab says otherwise. */
export function slash24(ip: string): string {
  return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
}

/** Numeric order of dotted quads, for stable, human-friendly listings. */
export function compareIp(a: string, b: string): number {
  return (ipv4ToNumber(a) ?? 0) - (ipv4ToNumber(b) ?? 0);
}
