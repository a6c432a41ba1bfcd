// validatePlan: everything that would make the virtual network wrong or impossible, found
// before anything is created, each pinned to the lab file's line (LabIssue, like the
// loader's own errors). The lab loader already checks phones against their own subnet;
// these checks cover what only the network needs: room for every device next to the
// router, one stack per address, usable MACs, every device inside some subnet.

import type { LabIssue } from '../../../harness/lab/errors.ts';
import { LabError } from '../../../harness/lab/errors.ts';
import { ipv4ToNumber, parseCidr } from '../../../harness/formats/ipv4.ts';
import type { NetworkPlan, Origin } from './plan-types.ts';

/** CUCM is its own TFTP server on many clusters: those two may share one address. */
const MAY_SHARE = new Set(['cucm', 'tftp']);

export function validatePlan(plan: NetworkPlan): LabIssue[] {
  const issues: LabIssue[] = [];
  const issue = (origin: Origin, message: string) => issues.push({ file: plan.labFile, line: origin.line, col: origin.col, path: origin.path, message });

  for (const p of plan.problems) issue(p.origin, p.message);

  for (const s of plan.subnets) {
    const count = plan.hosts.filter((h) => h.subnet === s.name).length;
    if (count > s.capacity) {
      issue(s.origin, `${count} device addresses in subnet ${s.name} (${s.cidr}) but it has only ${s.capacity} host address(es) besides the router's ${s.routerAddress}`);
    }
  }

  for (const h of plan.hosts) {
    const here = plan.devices.filter((d) => d.ip === h.ip);
    const first = here[0];
    if (!first) continue;
    const s = plan.subnets.find((x) => x.name === h.subnet);
    if (s && h.ip === s.routerAddress) {
      issue(first.origin, `${h.ip} is the router address of subnet ${s.name} in the virtual lab (its first host address); give ${first.name} another address`);
    }
    const cidr = s ? parseCidr(s.cidr) : undefined;
    const ip = ipv4ToNumber(h.ip);
    if (cidr && ip !== undefined && cidr.prefix < 31 && (ip === cidr.network || ip === cidr.broadcast)) {
      issue(first.origin, `${h.ip} is the ${ip === cidr.network ? 'network' : 'broadcast'} address of ${s?.name ?? ''} (${cidr.canonical}), not a host address`);
    }
    for (const other of here.slice(1)) {
      if (MAY_SHARE.has(first.kind) && MAY_SHARE.has(other.kind)) continue;
      issue(other.origin, `duplicate IP ${h.ip}: also ${first.name} (${first.origin.path}); each device needs its own network stack`);
    }
    if ((parseInt(h.mac.slice(0, 2), 16) & 1) === 1) {
      issue(first.origin, `MAC ${h.mac} of ${first.name} is a multicast address; a device needs a unicast MAC (first octet even)`);
    }
  }

  const macs = new Map<string, string>();
  for (const h of plan.hosts) {
    const owner = macs.get(h.mac);
    const device = plan.devices.find((d) => d.ip === h.ip);
    if (owner && device) issue(device.origin, `duplicate MAC ${h.mac}: also ${owner}`);
    else if (device) macs.set(h.mac, device.name);
  }
  return issues;
}

/** Throws a LabError with every issue (file:line:col path: message) when the plan cannot be built. */
export function assertValidPlan(plan: NetworkPlan): void {
  const issues = validatePlan(plan);
  if (issues.length > 0) throw new LabError(issues);
}
