// A run in miniature over a real lease store: takes the lab's lease, then changes "the lab"
// (one line per change appended to EVENTS) through a fenced teardown journal every STEP_MS,
// STEPS times, exactly as `pfslab run` does (lease onLost stops the run; the journal asks
// the store before each change). On any end it restores (undoes every change, also one
// line each) and prints its outcome as the run's summary would:
//   outcome finished | outcome lab or infrastructure problem: <why>
// With WAIT=1 it makes its changes and then waits to be killed (a crashed run).
//   node --import tsx fenced-run.ts '{"endpoints":[...],"lab":"l","ttlMs":3000,"events":"f","journal":"j","steps":40,"stepMs":100}'
import { appendFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { TeardownJournal } from '../../../harness/lab/journal.ts';
import type { UndoStep } from '../../../harness/lab/journal.ts';
import { EtcdLeaseStore, FileLeaseStore, LeaseLostError } from '../../../harness/lab/lease-store/index.ts';
import { LAB_PROBLEM } from '../../../harness/run/report/categories.ts';

interface Args {
  endpoints?: string[];
  dir?: string;
  lab: string;
  ttlMs: number;
  events: string;
  journal: string;
  steps: number;
  stepMs: number;
  wait?: boolean;
}
const a = JSON.parse(process.argv[2] ?? '{}') as Args;
const say = (t: string): boolean => process.stdout.write(`${t}\n`);
const event = (t: string): Promise<void> => appendFile(a.events, `${t} pid ${process.pid}\n`);
const store = a.endpoints ? new EtcdLeaseStore({ endpoints: a.endpoints, timeoutMs: 1000 }) : new FileLeaseStore(a.dir);

let lost: string | undefined;
const lease = await store.acquire({ lab: a.lab, ttlMs: a.ttlMs, purpose: 'fenced-run', onLost: (why) => (lost = why) });
say(`leased ${lease.fence}`);
const undoers = new Map([['test.set', async (s: UndoStep): Promise<void> => event(`undo ${s.target}`)]]);
const journal = await TeardownJournal.create(a.journal, undoers, undefined, { id: lease.fence, check: () => store.checkHeld(a.lab, lease.fence) });
let made = 0;
for (let i = 0; i < a.steps && lost === undefined; i++) {
  try {
    await journal.change({ kind: 'test.set', target: `k${i}`, params: {}, description: `set k${i}` }, () => event(`change k${i}`));
    made++;
  } catch (e) {
    if (!(e instanceof LeaseLostError)) throw e;
    lost ??= e.message;
  }
  await sleep(a.stepMs);
}
say(`made ${made}`);
if (a.wait) {
  setInterval(() => undefined, 1000);
} else {
  const failures = await journal.undoAll();
  say(`restored ${made - failures.length} of ${made}`);
  await lease.release();
  say(lost === undefined ? 'outcome finished' : `outcome ${LAB_PROBLEM}: ${lost}`);
  process.exit(lost === undefined ? 0 : 5);
}
