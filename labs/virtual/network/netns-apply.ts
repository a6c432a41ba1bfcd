// Carries out a NetworkPlan with ip/tc batches, in three steps:
//   1. root namespace: every namespace, and every veth created with its ends already in
//      their namespaces (no name ever lands in the root namespace, so runs cannot clash);
//   2. the router namespace: the WAN's VXLAN pair (its sockets stay there), addresses, links up;
//   3. every other namespace in parallel: bridge, ports, addresses, links up, routes, then
//      the root namespace's addresses and routes, then the tc qdiscs.
// No mirroring is needed for captures: tcpdump puts br0 in promiscuous mode, and a bridge
// in promiscuous mode passes every frame it forwards up to br0 as well.
// Every interface gets `addrgenmode none` (no IPv6 link-local address), so captures hold only
// what the devices send: no router solicitations, DAD or MLD reports from the emulator's own
// interfaces. That is an ip command, where turning IPv6 off by sysctl would need a shell
// inside each namespace (`ip netns exec`, twice the cost of `ip -n` per namespace).

import { existsSync } from 'node:fs';
import { batch, forEachLimited } from './ip-batch.ts';
import type { LinkEnd, NetworkPlan, VethLink } from './plan-types.ts';
import { qdiscLines } from './tc-shaping.ts';

const PARALLEL_BATCHES = 8;

/** /proc/sys/net shows the namespace of the process that opens it: written from a shell inside the router. */
const FORWARD = ['echo 1 > /proc/sys/net/ipv4/ip_forward'];
/** Without IPv6 in the kernel there is no link-local address to suppress (and ip would refuse the option). */
const HAS_IPV6 = existsSync('/proc/net/if_inet6');

export async function applyPlan(plan: NetworkPlan): Promise<void> {
  const rootLines = [...plan.namespaces.map((ns) => `netns add ${ns}`), ...plan.links.filter((l): l is VethLink => l.kind === 'veth').map(vethLine)];
  await batch(rootLines);

  const perNs = new Map<string | undefined, string[]>();
  const lines = (ns: string | undefined) => {
    let list = perNs.get(ns);
    if (!list) perNs.set(ns, (list = []));
    return list;
  };
  for (const ns of plan.namespaces) lines(ns).push('link set dev lo up');
  for (const link of plan.links) {
    if (link.kind !== 'vxlan') continue;
    const out = lines(link.socketNamespace);
    for (const end of [link.a, link.b]) {
      out.push(`link add ${end.name} type vxlan id 1 local ${link.local} remote ${link.remote} dstport ${end.port} nolearning`);
    }
    // One frame per datagram: the relay forwards datagrams whole, so a GSO super-packet
    // would cross as one oversized datagram, be IP-fragmented on the underlay and arrive as
    // a frame too big to forward (the router then answers "need to frag" to every segment).
    for (const end of [link.a, link.b]) out.push(`link set dev ${end.name} gso_max_segs 1`);
    if (link.b.namespace !== undefined) out.push(`link set dev ${link.b.name} netns ${link.b.namespace}`);
  }
  for (const b of plan.bridges) lines(b.namespace).push(`link add ${b.name} type bridge stp_state 0`);
  // An empty bridge carries nothing (a dummy interface would do, but this kernel has no CONFIG_DUMMY).
  for (const d of plan.decoys) lines(d.namespace).push(`link add ${d.name} type bridge stp_state 0`);
  for (const p of plan.bridgePorts) lines(p.namespace).push(`link set dev ${p.dev} master ${p.bridge}`);
  for (const a of plan.addresses) lines(a.namespace).push(`address add ${a.address} dev ${a.dev}`);
  const up = [...linkEnds(plan), ...plan.bridges.map((b) => ({ namespace: b.namespace, name: b.name })), ...plan.decoys];
  for (const end of up) {
    if (HAS_IPV6) lines(end.namespace).push(`link set dev ${end.name} addrgenmode none`);
    lines(end.namespace).push(`link set dev ${end.name} up`);
  }
  for (const r of plan.routes) lines(r.namespace).push(`route replace ${r.to} via ${r.via} dev ${r.dev}`);

  const preamble = (ns: string) => (plan.forwarding.includes(ns) ? FORWARD : undefined);
  await batch(lines(plan.routerNamespace), { namespace: plan.routerNamespace, preamble: preamble(plan.routerNamespace) });
  const others = plan.namespaces.filter((ns) => ns !== plan.routerNamespace);
  await forEachLimited(others, PARALLEL_BATCHES, (ns) => batch(lines(ns), { namespace: ns, preamble: preamble(ns) }));
  await batch(lines(undefined));

  const qdiscNamespaces = [...new Set(plan.qdiscs.map((q) => q.namespace))];
  for (const ns of qdiscNamespaces) {
    await batch(qdiscLines(plan.qdiscs.filter((q) => q.namespace === ns)), { namespace: ns, tool: 'tc' });
  }
}

function vethLine(link: VethLink): string {
  return `link add ${endSpec(link.a, link.mtu)} type veth peer ${endSpec(link.b, link.mtu)}`;
}

function endSpec(end: LinkEnd, mtu: number | undefined): string {
  return [
    `name ${end.name}`,
    end.mac !== undefined ? `address ${end.mac}` : '',
    mtu !== undefined ? `mtu ${mtu}` : '',
    end.namespace !== undefined ? `netns ${end.namespace}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
}

/** Every link end the plan creates, where it ends up (each is brought up there). */
function linkEnds(plan: NetworkPlan): LinkEnd[] {
  return plan.links.flatMap((link) => [link.a, link.b]);
}
