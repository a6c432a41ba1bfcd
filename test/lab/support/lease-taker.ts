// One taker of a lease race: a long-lived process that, for every line "go R" on stdin,
// tries once to take the lab (no waiting) and answers "won R FENCE" or "lost R"; "release"
// releases what it won (answering "released"). Separate processes, separate connections:
// the race is decided by the store alone.
//   node --import tsx lease-taker.ts STORE-JSON LAB
import { createInterface } from 'node:readline';
import { LeaseHeldError } from '../../../harness/lab/lease.ts';
import type { Lease } from '../../../harness/lab/lease.ts';
import { EtcdLeaseStore, FileLeaseStore } from '../../../harness/lab/lease-store/index.ts';
import type { LeaseStore } from '../../../harness/lab/lease-store/index.ts';

const [storeJson, lab] = process.argv.slice(2) as [string, string];
const spec = JSON.parse(storeJson) as { endpoints?: string[]; dir?: string };
const store: LeaseStore = spec.endpoints ? new EtcdLeaseStore({ endpoints: spec.endpoints }) : new FileLeaseStore(spec.dir);
let held: Lease | undefined;
const say = (t: string): boolean => process.stdout.write(`${t}\n`);
say('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, round] = line.split(' ');
  if (cmd === 'go') {
    try {
      held = await store.acquire({ lab, ttlMs: 10_000, purpose: `round ${round}` });
      say(`won ${round} ${held.fence}`);
    } catch (e) {
      say(e instanceof LeaseHeldError ? `lost ${round}` : `error ${round} ${(e as Error).message}`);
    }
  } else if (cmd === 'release') {
    await held?.release();
    held = undefined;
    say('released');
  }
}
