// Every PFS rule, in the order violations are reported.
import type { Violation } from '../analysis-types.ts';
import type { Rule, RuleContext } from './context.ts';
import { fanoutExceeded, multipleRoots, multipleTftpFetch, notATree, phoneNotReached } from './tree-rules.ts';
import { crossModel, incompleteForward } from './forward-rules.ts';
import { crossSubnet, non4051PeerTraffic } from './traffic-rules.ts';
import { logPcapDisagree, multipleLogRoots } from './log-rules.ts';

export const RULES: readonly Rule[] = [
  multipleTftpFetch,
  multipleRoots,
  multipleLogRoots,
  fanoutExceeded,
  notATree,
  crossModel,
  incompleteForward,
  phoneNotReached,
  crossSubnet,
  non4051PeerTraffic,
  logPcapDisagree,
];

export function checkInvariants(ctx: RuleContext): Violation[] {
  return RULES.flatMap((rule) => rule(ctx));
}

export type { RuleContext } from './context.ts';
