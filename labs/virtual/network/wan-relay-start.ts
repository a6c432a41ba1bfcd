// Starts the WAN relay process inside its namespace and waits until it is listening. It is a
// process of its own (not a socket in the harness) so that the lab's WAN keeps working while
// the process that brought the lab up is busy, and so it can live in <prefix>wan where the
// teardown sweep finds it even after a crash.

import { labNodeArgs } from '../../../harness/lab/child-node.ts';
import type { WanRelayPlan } from './plan-types.ts';
import type { ProcessTracker } from './run-in-host.ts';

const READY_TIMEOUT_MS = 15_000;

export async function startWanRelayProcess(plan: WanRelayPlan, tracker: ProcessTracker): Promise<void> {
  const args = labNodeArgs('labs/virtual/network/wan-relay-main.ts', [JSON.stringify(plan)]);
  const child = tracker.spawnIn(plan.namespace, process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C aimed at the harness must not cut the lab's WAN mid-teardown.
    detached: true,
  });
  child.unref();
  await new Promise<void>((resolve, reject) => {
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`WAN relay in ${plan.namespace} not ready after ${READY_TIMEOUT_MS} ms: ${errors}`)), READY_TIMEOUT_MS);
    child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      if (!d.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`WAN relay in ${plan.namespace} exited (${String(code)}): ${errors}`));
    });
  });
  // Its pipes must not keep the harness alive; the relay writes nothing after "ready".
  child.stdout?.destroy();
  child.stderr?.destroy();
}
