// planNetwork: lab description -> the virtual network as data (NetworkPlan). Pure: no
// system call, so it is tested without root and every problem is found before anything
// is created (validatePlan turns the plan's problems and its inconsistencies into errors).
//
// Topology (namespace mode):
//   root ns --rootLink/uplink (transfer /30)--> <prefix>router --sn<i>/router--> <prefix><subnet> (br0)
//   <prefix><subnet> br0 --h<n>/eth0--> <prefix>h-<ip> (one per device address)
// The router's leg into the HQ subnet is the WAN: tbf on both of its ends (rate), and, when
// the lab asks for delay or loss, a VXLAN pair whose UDP underlay runs through a relay
// process in <prefix>wan (see wan-relay.ts for why it is not netem).

import type { Position } from '../../../harness/lab/yaml-positions.ts';
import type { LabSpec } from '../../../harness/lab/schema.ts';
import { bandwidthBitsPerSecond } from '../../../harness/lab/schema/network.ts';
import { macFromDeviceName, normalizeMac } from '../../../harness/formats/mac.ts';
import { formatPath } from '../../../harness/lab/errors.ts';
import type { Cidr } from '../../../harness/formats/ipv4.ts';
import { cidrContains, ipv4ToNumber, numberToIpv4, parseCidr } from '../../../harness/formats/ipv4.ts';
import { loopbackMap } from './loopback-map.ts';
import {
  bridgePortName,
  DEFAULT_PREFIX,
  hostId,
  hostNamespace,
  IF,
  rootLinkName,
  routerLegName,
  routerNamespace,
  subnetNamespace,
  wanNamespace,
} from './names.ts';
import type {
  CaptureTarget,
  DeviceKind,
  NetworkPlan,
  Origin,
  PlannedAddress,
  PlannedDevice,
  PlannedHost,
  PlannedLink,
  PlannedQdisc,
  PlannedRoute,
  PlannedSubnet,
  WanRelayPlan,
} from './plan-types.ts';

/** A LoadedLab fits; so does a bare spec (then errors carry paths but no lines). */
export interface LabInput {
  file?: string;
  spec: LabSpec;
  locate?(path: readonly (string | number)[]): Position;
}

export interface PlanOptions {
  /** Name prefix of every namespace and root link (default pfslab-; tests: runPrefix(pid)). */
  prefix?: string;
  /**
   * A /29 for the links that are not the lab's: root<->router (first /30) and router<->WAN
   * relay (second /30). Two labs up at once need different ones. Default 169.254.77.0/29.
   */
  transferCidr?: string;
  /** UDP ports of the WAN's VXLAN pair (router side, HQ side). */
  wanPorts?: [number, number];
}

export const DEFAULT_TRANSFER_CIDR = '169.254.77.0/29';
/** The VXLAN devices carry full 1500-byte frames, so their underlay needs room for 50 bytes of encapsulation. */
const UNDERLAY_MTU = 1600;
/** tbf queue: how long a packet may wait for tokens before it is dropped, like a WAN router's buffer. */
const TBF_LATENCY_MS = 500;

export function planNetwork(lab: LabInput, options: PlanOptions = {}): NetworkPlan {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const spec = lab.spec;
  const origin = (path: (string | number)[]): Origin => {
    const pos = lab.locate?.(path) ?? { line: 0, col: 0 };
    return { path: formatPath(path), line: pos.line, col: pos.col };
  };
  const problems: NetworkPlan['problems'] = [];
  // The network's fault switch (harness/lab/fault-switches.ts). blind-capture: every subnet's
  // bridge is named lan0 and br0 is an empty bridge beside it (no port), so the lab's capture
  // points (tcpdump -i br0) record nothing, as a capture on the wrong interface does.
  // Namespace mode only: in loopback mode every capture is lo and sees everything.
  const blindCapture = spec.faults.some((f) => f.id === 'blind-capture');

  const cidrs = new Map<string, Cidr>();
  const subnets: PlannedSubnet[] = [];
  spec.subnets.forEach((s, i) => {
    const cidr = parseCidr(s.cidr);
    if (!cidr) return; // the lab loader reports a bad CIDR
    cidrs.set(s.name, cidr);
    const size = cidr.broadcast - cidr.network + 1;
    subnets.push({
      name: s.name,
      cidr: cidr.canonical,
      prefixLength: cidr.prefix,
      broadcast: numberToIpv4(cidr.broadcast),
      namespace: subnetNamespace(prefix, s.name),
      bridge: blindCapture ? IF.blindBridge : IF.bridge,
      routerAddress: numberToIpv4(cidr.network + 1),
      routerLeg: routerLegName(i),
      role: 'branch',
      // network, broadcast and the router's address are not for devices
      capacity: Math.max(0, size - 3),
      origin: origin(['subnets', i, 'cidr']),
    });
  });

  const devices = collectDevices(lab, origin, problems);
  const subnetOf = (device: PlannedDevice, declared: string | undefined): string | undefined => {
    const ip = ipv4ToNumber(device.ip);
    if (ip === undefined) return undefined;
    if (declared !== undefined) {
      const cidr = cidrs.get(declared);
      return cidr && cidrContains(cidr, ip) ? declared : undefined;
    }
    return subnets.find((s) => {
      const cidr = cidrs.get(s.name);
      return cidr !== undefined && cidrContains(cidr, ip);
    })?.name;
  };

  const declaredSubnet = new Map(spec.phones.map((p) => [p.name, p.subnet]));
  const hostsByIp = new Map<string, PlannedHost>();
  for (const device of devices) {
    const subnetName = subnetOf(device, device.kind === 'phone' ? declaredSubnet.get(device.name) : undefined);
    if (subnetName === undefined) {
      problems.push({ origin: device.origin, message: `${device.ip} is outside every subnet of the lab; the virtual network cannot place ${device.name}` });
      continue;
    }
    const subnet = subnets.find((s) => s.name === subnetName);
    const cidr = cidrs.get(subnetName);
    if (!subnet || !cidr) continue;
    const existing = hostsByIp.get(device.ip);
    if (existing) {
      existing.devices.push(device.name);
      continue;
    }
    const ip = ipv4ToNumber(device.ip) ?? 0;
    hostsByIp.set(device.ip, {
      id: hostId(device.ip),
      ip: device.ip,
      subnet: subnetName,
      prefixLength: cidr.prefix,
      gateway: subnet.routerAddress,
      namespace: hostNamespace(prefix, device.ip),
      interface: IF.hostEth,
      mac: device.kind === 'phone' ? phoneMac(spec, device.name) : macFromIp(device.ip),
      bridgePort: bridgePortName(ip - cidr.network),
      devices: [device.name],
    });
  }
  const hosts = [...hostsByIp.values()];

  const hqName = hostsByIp.get(spec.tftp.server)?.subnet ?? devices.map((d) => (d.kind === 'cucm' ? hostsByIp.get(d.ip)?.subnet : undefined)).find((s) => s);
  const hq = subnets.find((s) => s.name === hqName);
  if (hq) hq.role = 'hq';

  const transfer = transferAddresses(options.transferCidr ?? DEFAULT_TRANSFER_CIDR, origin, problems);
  const router = routerNamespace(prefix);
  const rootLink = rootLinkName(prefix);
  const wan = spec.wan;
  const rate = wan ? bandwidthBitsPerSecond(wan.bandwidth) : undefined;
  const needsRelay = hq !== undefined && subnets.length > 1 && wan !== undefined && (wan.rttMs > 0 || wan.lossPercent > 0);
  const [routerSidePort, hqSidePort] = options.wanPorts ?? [4801, 4802];

  const links: PlannedLink[] = [{ kind: 'veth', a: { namespace: undefined, name: rootLink }, b: { namespace: router, name: IF.routerUplink } }];
  const addresses: PlannedAddress[] = [
    { namespace: undefined, dev: rootLink, address: `${transfer.root}/30` },
    { namespace: router, dev: IF.routerUplink, address: `${transfer.router}/30` },
  ];
  const routes: PlannedRoute[] = subnets.map((s) => ({ namespace: undefined, to: s.cidr, via: transfer.router, dev: rootLink }));
  const bridgePorts: NetworkPlan['bridgePorts'] = [];
  for (const s of subnets) {
    if (s === hq && needsRelay) {
      links.push({
        kind: 'vxlan',
        socketNamespace: router,
        a: { namespace: router, name: s.routerLeg, port: routerSidePort },
        b: { namespace: s.namespace, name: IF.bridgeRouterPort, port: hqSidePort },
        local: transfer.routerUnderlay,
        remote: transfer.relay,
      });
    } else {
      links.push({ kind: 'veth', a: { namespace: router, name: s.routerLeg }, b: { namespace: s.namespace, name: IF.bridgeRouterPort } });
    }
    bridgePorts.push({ namespace: s.namespace, dev: IF.bridgeRouterPort, bridge: s.bridge });
    addresses.push({ namespace: router, dev: s.routerLeg, address: `${s.routerAddress}/${s.prefixLength}` });
  }
  for (const h of hosts) {
    const s = subnets.find((x) => x.name === h.subnet);
    if (!s) continue;
    links.push({ kind: 'veth', a: { namespace: h.namespace, name: h.interface, mac: h.mac }, b: { namespace: s.namespace, name: h.bridgePort } });
    bridgePorts.push({ namespace: s.namespace, dev: h.bridgePort, bridge: s.bridge });
    addresses.push({ namespace: h.namespace, dev: h.interface, address: `${h.ip}/${h.prefixLength}` });
    routes.push({ namespace: h.namespace, to: 'default', via: h.gateway, dev: h.interface });
  }

  let relay: WanRelayPlan | undefined;
  const namespaces = [router, ...subnets.map((s) => s.namespace), ...hosts.map((h) => h.namespace)];
  if (needsRelay && wan) {
    const ns = wanNamespace(prefix);
    namespaces.splice(1, 0, ns);
    links.push({ kind: 'veth', a: { namespace: router, name: IF.wanUnderlay }, b: { namespace: ns, name: IF.wanUnderlay }, mtu: UNDERLAY_MTU });
    addresses.push({ namespace: router, dev: IF.wanUnderlay, address: `${transfer.routerUnderlay}/30` });
    addresses.push({ namespace: ns, dev: IF.wanUnderlay, address: `${transfer.relay}/30` });
    relay = {
      namespace: ns,
      listenAddress: transfer.relay,
      peerAddress: transfer.routerUnderlay,
      branchSidePort: routerSidePort,
      hqSidePort,
      oneWayDelayMs: wan.rttMs / 2,
      lossPercent: wan.lossPercent,
    };
  }

  const qdiscs: PlannedQdisc[] = [];
  if (hq && rate !== undefined && subnets.length > 1) {
    const burstBytes = Math.max(4500, Math.ceil(rate / 8 / 100));
    const tbf = { kind: 'tbf' as const, rateBitsPerSecond: rate, burstBytes, latencyMs: TBF_LATENCY_MS };
    qdiscs.push({ namespace: router, dev: hq.routerLeg, ...tbf, carries: 'toward HQ: branch -> HQ (and harness -> HQ), the WAN uplink' });
    qdiscs.push({ namespace: hq.namespace, dev: IF.bridgeRouterPort, ...tbf, carries: 'away from HQ: HQ -> branches (and HQ -> harness), the WAN downlink' });
  }

  return {
    prefix,
    labFile: lab.file ?? '<lab>',
    routerNamespace: router,
    namespaces,
    rootLink,
    subnets,
    hosts,
    devices,
    links,
    bridges: subnets.map((s) => ({ namespace: s.namespace, name: s.bridge })),
    decoys: blindCapture ? subnets.map((s) => ({ namespace: s.namespace, name: IF.bridge })) : [],
    bridgePorts,
    addresses,
    routes,
    qdiscs,
    relay,
    forwarding: [router],
    captures: captureTargets(spec, subnets, prefix),
    loopback: loopbackMap(hosts.map((h) => h.ip)),
    problems,
  };
}

function collectDevices(lab: LabInput, origin: (path: (string | number)[]) => Origin, problems: NetworkPlan['problems']): PlannedDevice[] {
  const spec = lab.spec;
  const devices: PlannedDevice[] = [];
  const add = (name: string, kind: DeviceKind, address: string, path: (string | number)[]) => {
    if (ipv4ToNumber(address) === undefined) {
      problems.push({ origin: origin(path), message: `${address} is not an IPv4 address; a virtual lab device needs one to get its own network stack` });
      return;
    }
    devices.push({ name, kind, ip: address, origin: origin(path) });
  };
  spec.phones.forEach((p, i) => add(p.name, 'phone', p.ip, ['phones', i, 'ip']));
  let cucmHost: string;
  try {
    cucmHost = new URL(spec.cucm.url).hostname;
  } catch {
    cucmHost = spec.cucm.url;
  }
  add('cucm', 'cucm', cucmHost, ['cucm', 'url']);
  add('tftp', 'tftp', spec.tftp.server, ['tftp', 'server']);
  spec.switches.forEach((s, i) => add(s.name, 'switch', s.host, ['switches', i, 'host']));
  return devices;
}

function phoneMac(spec: LabSpec, name: string): string {
  const phone = spec.phones.find((p) => p.name === name);
  const hex = phone?.mac !== undefined ? normalizeMac(phone.mac) : macFromDeviceName(name);
  return colonMac(hex);
}

/** Locally administered (02:) and unicast, derived from the address so it is stable across runs. */
function macFromIp(ip: string): string {
  const hex = ip
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .join('');
  return colonMac(`0250${hex}`);
}

function colonMac(hex12: string): string {
  return (hex12.toLowerCase().match(/../g) ?? []).join(':');
}

interface TransferAddresses {
  root: string;
  router: string;
  routerUnderlay: string;
  relay: string;
}

function transferAddresses(text: string, origin: (path: (string | number)[]) => Origin, problems: NetworkPlan['problems']): TransferAddresses {
  const cidr = parseCidr(text);
  if (!cidr || cidr.prefix > 29) {
    problems.push({ origin: { ...origin([]), path: 'transferCidr' }, message: `transfer network ${text} must be an IPv4 CIDR of /29 or larger` });
  }
  const n = cidr && cidr.prefix <= 29 ? cidr.network : (parseCidr(DEFAULT_TRANSFER_CIDR)?.network ?? 0);
  return { root: numberToIpv4(n + 1), router: numberToIpv4(n + 2), routerUnderlay: numberToIpv4(n + 5), relay: numberToIpv4(n + 6) };
}

/**
 * Captures of the lab that name a subnet's namespace as the default prefix spells it
 * (pfslab-branch-a) are pointed at this plan's namespace, so a prefixed test run captures
 * its own subnets; each subnet is also a capture target under its own name.
 */
function captureTargets(spec: LabSpec, subnets: PlannedSubnet[], prefix: string): Record<string, CaptureTarget> {
  const targets: Record<string, CaptureTarget> = {};
  for (const s of subnets) targets[s.name] = { namespace: s.namespace, interface: s.bridge };
  for (const c of spec.captures) {
    if (!c.netns) continue;
    const subnet = subnets.find((s) => c.netns?.namespace === subnetNamespace(DEFAULT_PREFIX, s.name) || c.netns?.namespace === s.namespace);
    targets[c.name] = { namespace: subnet ? subnetNamespace(prefix, subnet.name) : c.netns.namespace, interface: c.netns.interface };
  }
  return targets;
}
