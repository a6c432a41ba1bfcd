// Entry point of the WAN relay process (started inside <prefix>wan by wan-relay-start.ts).
// argv[2] is the WanRelayPlan as JSON; "ready" on stdout once both sockets are bound.

import { startWanRelay } from './wan-relay.ts';
import type { WanRelayPlan } from './plan-types.ts';

const plan = JSON.parse(process.argv[2] ?? '{}') as WanRelayPlan;
startWanRelay(plan).then(
  () => process.stdout.write('ready\n'),
  (e: unknown) => {
    process.stderr.write(`wan relay: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
