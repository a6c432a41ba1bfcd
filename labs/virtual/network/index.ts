// The virtual lab's network, as a library: plan it (pure), bring it up, use it, take it down.
//
//   const plan = planNetwork(await loadLab('labs/virtual.yaml'));   // throws nothing
//   const net = await up(plan);                                      // LabError before anything exists
//   net.addressOf('SEP0250F5A10001'); net.runInHost('cucm', 'node', ['cucm.js']);
//   await net.down();
//
// Namespace mode (root) builds the real thing: one network stack per device, one bridge per
// subnet, a router, a shaped WAN, a route from the root namespace to every address. Loopback
// mode (not root, or asked for) creates nothing and only maps addresses; see loopback-map.ts
// for exactly what it cannot emulate.

import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { applyPlan } from './netns-apply.ts';
import type { CaptureTarget, NetworkPlan } from './plan-types.ts';
import { assertValidPlan } from './plan-validate.ts';
import { ProcessTracker } from './run-in-host.ts';
import { recordNamespaces, removeNetwork } from './teardown.ts';
import { startWanRelayProcess } from './wan-relay-start.ts';

export { DEFAULT_PREFIX, ownsNamespace, runPrefix } from './names.ts';
export { LOOPBACK_BROADCAST, loopbackMap } from './loopback-map.ts';
export { DEFAULT_TRANSFER_CIDR, planNetwork } from './plan.ts';
export type { LabInput, PlanOptions } from './plan.ts';
export type * from './plan-types.ts';
export { assertValidPlan, validatePlan } from './plan-validate.ts';
export { listNamespaces, ownedNamespaces, removeNetwork } from './teardown.ts';
export { NetworkCommandError } from './ip-batch.ts';

export type NetworkMode = 'netns' | 'loopback';

export interface UpOptions {
  /** auto (default): netns as root, else loopback. netns: fail unless root. */
  mode?: NetworkMode | 'auto';
}

export interface NetworkHandle {
  readonly mode: NetworkMode;
  readonly plan: NetworkPlan;
  /** The address a device answers on: its lab address (netns) or its 127.x address (loopback). Accepts a device name or its lab address. */
  addressOf(device: string): string;
  /** The device's namespace (netns mode); undefined in loopback mode. */
  hostNamespace(device: string): string | undefined;
  /** Where tcpdump runs for a capture of the lab (or a subnet name): br0 of the subnet's namespace; lo in loopback mode. */
  captureTarget(captureName: string): CaptureTarget;
  /** Spawns a process in the device's network stack; down() kills it. */
  runInHost(device: string, command: string, args?: readonly string[], options?: SpawnOptions): ChildProcess;
  /** Removes everything up() made (processes, qdiscs, routes, links, namespaces). Safe to call twice. */
  down(): Promise<void>;
}

export class NetworkModeError extends Error {
  override name = 'NetworkModeError';
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

export async function up(plan: NetworkPlan, options: UpOptions = {}): Promise<NetworkHandle> {
  assertValidPlan(plan);
  const requested = options.mode ?? 'auto';
  if (requested === 'netns' && !isRoot()) {
    throw new NetworkModeError(
      `the virtual network's namespace mode needs root (uid 0; this process runs as uid ${String(process.getuid?.())}): run as root, or use loopback mode`,
    );
  }
  const mode: NetworkMode = requested === 'loopback' || (requested === 'auto' && !isRoot()) ? 'loopback' : 'netns';
  const tracker = new ProcessTracker();
  if (mode === 'netns') {
    const subnets = plan.subnets.map((s) => s.name);
    await removeNetwork(plan.prefix, subnets); // leftovers of a crashed run with the same prefix
    try {
      await recordNamespaces(plan.prefix, plan.namespaces);
      await applyPlan(plan);
      if (plan.relay) await startWanRelayProcess(plan.relay, tracker);
    } catch (e) {
      await tracker.killAll();
      await removeNetwork(plan.prefix, subnets);
      throw e;
    }
  }
  return new Handle(mode, plan, tracker);
}

class Handle implements NetworkHandle {
  private down_: Promise<void> | undefined;

  constructor(
    readonly mode: NetworkMode,
    readonly plan: NetworkPlan,
    private readonly tracker: ProcessTracker,
  ) {}

  private labAddress(device: string): string {
    const found = this.plan.devices.find((d) => d.name === device)?.ip ?? this.plan.hosts.find((h) => h.ip === device)?.ip;
    if (found === undefined) throw new Error(`no device ${device} in the virtual network (devices: phones by name, cucm, tftp, switch names)`);
    return found;
  }

  addressOf(device: string): string {
    const ip = this.labAddress(device);
    return this.mode === 'netns' ? ip : (this.plan.loopback[ip] ?? ip);
  }

  hostNamespace(device: string): string | undefined {
    const ip = this.labAddress(device);
    return this.mode === 'netns' ? this.plan.hosts.find((h) => h.ip === ip)?.namespace : undefined;
  }

  captureTarget(captureName: string): CaptureTarget {
    const target = this.plan.captures[captureName];
    if (!target) throw new Error(`no capture or subnet named ${captureName} (known: ${Object.keys(this.plan.captures).join(', ')})`);
    return this.mode === 'netns' ? target : { namespace: undefined, interface: 'lo' };
  }

  runInHost(device: string, command: string, args: readonly string[] = [], options: SpawnOptions = {}): ChildProcess {
    if (this.down_) throw new Error('the virtual network is down');
    return this.tracker.spawnIn(this.hostNamespace(device), command, args, options);
  }

  down(): Promise<void> {
    this.down_ ??= (async () => {
      await this.tracker.killAll();
      if (this.mode === 'netns') await removeNetwork(this.plan.prefix, this.plan.subnets.map((s) => s.name));
    })();
    return this.down_;
  }
}
