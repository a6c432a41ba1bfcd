// The virtual network as data: what planNetwork() decides and netns-apply.ts carries out.
// Everything here is plain JSON, so a plan can be printed, diffed and tested without root.

/** Where a planned item comes from in the lab file, for errors that must point at a line. */
export interface Origin {
  /** Data path, e.g. phones[3].ip */
  path: string;
  line: number;
  col: number;
}

export interface PlannedSubnet {
  name: string;
  /** Canonical CIDR, e.g. 10.20.1.0/24 */
  cidr: string;
  prefixLength: number;
  broadcast: string;
  /** `<prefix><subnet>`: holds the bridge; tcpdump -i br0 there sees the subnet's frames. */
  namespace: string;
  bridge: string;
  /** The first host address, held by the router's leg. */
  routerAddress: string;
  /** The router's interface into this subnet (in the router namespace). */
  routerLeg: string;
  /** hq: holds the TFTP server (else CUCM); the WAN sits between it and every branch. */
  role: 'hq' | 'branch';
  /** How many host addresses the subnet has for devices (router excluded). */
  capacity: number;
  origin: Origin;
}

export type DeviceKind = 'phone' | 'cucm' | 'tftp' | 'switch';

export interface PlannedDevice {
  /** Phone name (SEP...), 'cucm', 'tftp', or the switch name. */
  name: string;
  kind: DeviceKind;
  ip: string;
  origin: Origin;
}

/** One network stack: one address, one namespace, one veth into its subnet bridge. */
export interface PlannedHost {
  /** h-10-20-1-21 */
  id: string;
  ip: string;
  subnet: string;
  prefixLength: number;
  gateway: string;
  namespace: string;
  interface: string;
  /** aa:bb:cc:dd:ee:ff; phones use the MAC of their SEP name. */
  mac: string;
  /** The veth end enslaved to the subnet bridge. */
  bridgePort: string;
  devices: string[];
}

/** Ends of a link: namespace undefined = the root namespace (where the harness runs). */
export interface LinkEnd {
  namespace: string | undefined;
  name: string;
  mac?: string;
}

export interface VethLink {
  kind: 'veth';
  a: LinkEnd;
  b: LinkEnd;
  mtu?: number;
}

/**
 * A VXLAN pair whose UDP underlay goes through the WAN relay (see wan-relay.ts). Both
 * devices are created in `socketNamespace` (their UDP sockets stay there) and `b` is then
 * moved into its namespace, so the relay sits between the router and the HQ bridge.
 */
export interface VxlanLink {
  kind: 'vxlan';
  socketNamespace: string;
  a: LinkEnd & { port: number };
  b: LinkEnd & { port: number };
  local: string;
  remote: string;
}

export type PlannedLink = VethLink | VxlanLink;

export interface PlannedAddress {
  namespace: string | undefined;
  dev: string;
  /** address/prefix */
  address: string;
}

export interface PlannedRoute {
  namespace: string | undefined;
  to: string;
  via: string;
  dev: string;
}

export interface PlannedQdisc {
  namespace: string;
  dev: string;
  kind: 'tbf';
  rateBitsPerSecond: number;
  burstBytes: number;
  latencyMs: number;
  /** Which traffic this shapes, for people reading a plan. */
  carries: string;
}

/** The userspace WAN: delay (rtt/2 each way) and loss, because the kernel may lack netem. */
export interface WanRelayPlan {
  namespace: string;
  listenAddress: string;
  /** Where the VXLAN sockets are (the router's underlay address). */
  peerAddress: string;
  /** Port of the router-side VXLAN device (traffic toward the branches arrives here). */
  branchSidePort: number;
  /** Port of the HQ-side VXLAN device. */
  hqSidePort: number;
  oneWayDelayMs: number;
  lossPercent: number;
}

export interface CaptureTarget {
  /** undefined: the root namespace (loopback mode). */
  namespace: string | undefined;
  interface: string;
}

export interface NetworkPlan {
  prefix: string;
  labFile: string;
  routerNamespace: string;
  /** Every namespace the plan creates, in creation order. */
  namespaces: string[];
  rootLink: string;
  subnets: PlannedSubnet[];
  hosts: PlannedHost[];
  devices: PlannedDevice[];
  links: PlannedLink[];
  /** Bridges to create: one br0 per subnet namespace. */
  bridges: { namespace: string; name: string }[];
  /** Bridges without any port: they carry no traffic at all (the blind-capture fault's decoy br0). */
  decoys: { namespace: string; name: string }[];
  /** Interfaces enslaved to a bridge. */
  bridgePorts: { namespace: string; dev: string; bridge: string }[];
  addresses: PlannedAddress[];
  routes: PlannedRoute[];
  qdiscs: PlannedQdisc[];
  relay: WanRelayPlan | undefined;
  /** Namespaces where IPv4 forwarding is on (the router). */
  forwarding: string[];
  captures: Record<string, CaptureTarget>;
  /** Lab address -> 127.x address for loopback mode (see loopback-map.ts). */
  loopback: Record<string, string>;
  /** Problems found while planning (a device outside every subnet...); validatePlan reports them. */
  problems: { origin: Origin; message: string }[];
}
