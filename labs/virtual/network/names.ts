// Names of everything the virtual network creates, derived from one prefix so that a run
// can find (and remove) exactly what it or a crashed predecessor made, and so that a test
// run (prefix `pfslab-t<pid>-`) never touches the real lab's objects (prefix `pfslab-`).

import { createHash } from 'node:crypto';

export const DEFAULT_PREFIX = 'pfslab-';

/** Interfaces inside the namespaces: fixed, because each lives alone in its namespace. */
export const IF = {
  /** A device's only interface, in the device's namespace. */
  hostEth: 'eth0',
  /** The subnet's broadcast domain, in the subnet's namespace (captures run here). */
  bridge: 'br0',
  /**
   * The subnet's bridge under the blind-capture fault: br0 is then an empty bridge beside it
   * that carries nothing, so a capture of br0 sees nothing (a capture point on the wrong interface).
   */
  blindBridge: 'lan0',
  /** The router's port on a subnet bridge, in the subnet's namespace. */
  bridgeRouterPort: 'router',
  /** The router's end of the link to the root namespace, in the router's namespace. */
  routerUplink: 'uplink',
  /** The underlay between the router and the WAN relay (both namespaces). */
  wanUnderlay: 'wan0',
} as const;

/**
 * A test run's prefix: `pfslab-t<tag>-`. The `t<digits>-` shape is reserved for run tags, so
 * the real lab's leftover sweep (prefix `pfslab-`) skips a concurrent test run's objects.
 */
export function runPrefix(tag: number | string, base = DEFAULT_PREFIX): string {
  return `${base}t${String(tag)}-`;
}

const RUN_TAG = /^t\d+-/;
/** The names this module gives whatever the lab: router, wan, h-<address>. */
const FIXED_PART = /^(?:router|wan|h-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3})$/;

/**
 * Whether a namespace is one `prefix` would create: <prefix>router, <prefix>wan,
 * <prefix>h-<address>, or <prefix><subnet> for a subnet in `subnets` (a crashed run's other
 * subnets are named in its state file, see teardown.ts). Anything else that merely starts
 * with the prefix (another tool's `pfslab-pp123-lan`, a test run's `pfslab-t42-router`) is
 * not ours and is left alone.
 */
export function ownsNamespace(prefix: string, namespace: string, subnets: readonly string[] = []): boolean {
  if (!namespace.startsWith(prefix)) return false;
  const rest = namespace.slice(prefix.length);
  if (RUN_TAG.test(rest)) return false;
  return FIXED_PART.test(rest) || subnets.includes(rest);
}

export function routerNamespace(prefix: string): string {
  return `${prefix}router`;
}

export function wanNamespace(prefix: string): string {
  return `${prefix}wan`;
}

/** Must match the lab's captures (`pfslab-<subnet>` for the default prefix). */
export function subnetNamespace(prefix: string, subnet: string): string {
  return `${prefix}${subnet}`;
}

/** A device's namespace: `pfslab-h-10-20-1-21`; keyed by address, as two devices may share one (CUCM and TFTP). */
export function hostNamespace(prefix: string, ip: string): string {
  return `${prefix}${hostId(ip)}`;
}

export function hostId(ip: string): string {
  return `h-${ip.replaceAll('.', '-')}`;
}

/** A host's port on its subnet bridge: h<host number in the subnet>, unique inside that namespace. */
export function bridgePortName(hostNumber: number): string {
  return `h${hostNumber}`;
}

/** The router's leg into subnet number `index` (lab order). */
export function routerLegName(index: number): string {
  return `sn${index}`;
}

/**
 * The root namespace's end of the link into the router. Linux caps interface names at 15
 * bytes, so a long prefix gets a stable hash instead (still derivable for crash cleanup).
 */
export function rootLinkName(prefix: string): string {
  const plain = `${prefix}host`;
  if (plain.length <= 15) return plain;
  return `pfs${createHash('sha256').update(prefix).digest('hex').slice(0, 8)}h`;
}
