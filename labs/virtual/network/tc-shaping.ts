// WAN rate shaping with tc: a token bucket (tbf) on each end of the router's leg into the
// HQ subnet, one per direction, so uplink and downlink each get the lab's bandwidth:
//   <prefix>router  dev sn<hq>  egress = branch -> HQ   (and harness -> HQ)
//   <prefix><hq>    dev router  egress = HQ -> branch   (and HQ -> harness)
// Branch-to-branch traffic never crosses that leg, so it stays at LAN speed, as in an
// office whose subnets share a router and one WAN line to headquarters.
//
// Delay and loss are not done here: netem is missing from some kernels (this project's CI
// machine among them: CONFIG_NET_SCH_NETEM is not set), so the WAN relay does them.

import type { PlannedQdisc } from './plan-types.ts';

/** `tc -batch` lines for one namespace's qdiscs. */
export function qdiscLines(qdiscs: readonly PlannedQdisc[]): string[] {
  return qdiscs.map(
    (q) => `qdisc replace dev ${q.dev} root tbf rate ${Math.round(q.rateBitsPerSecond)}bit burst ${q.burstBytes} latency ${q.latencyMs}ms`,
  );
}
