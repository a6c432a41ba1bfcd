// The lab lease on etcd: how long taking, renewing, checking (the journal's fence) and
// releasing a lease take, and races of separate processes for one lab, on a single member
// and on a 3-member cluster, all on loopback (Debian's etcd-server, started here on free
// ports with data on tmpfs, stopped at the end).
//
//   npx tsx bench/lease/etcd-lease.ts [--samples 200] [--rounds 200]
//
// Prints per operation the median, p90 and p99 in milliseconds, and per race the number of
// rounds, rounds with exactly one holder, the wins of each taker and the rounds per second.
import { performance } from 'node:perf_hooks';
import { EtcdLeaseStore } from '../../harness/lab/lease-store/index.ts';
import { EtcdCluster } from '../../test/support/etcd.ts';
import { race, startTakers } from '../../test/lab/support/lease-checks.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1] ?? fallback) : fallback;
}
const SAMPLES = arg('samples', 200);
const ROUNDS = arg('rounds', 200);

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
};
const row = (label: string, xs: number[]): string => `| ${label} | ${q(xs, 0.5).toFixed(2)} | ${q(xs, 0.9).toFixed(2)} | ${q(xs, 0.99).toFixed(2)} |`;

async function time(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function latencies(name: string, etcd: EtcdCluster): Promise<void> {
  const store = new EtcdLeaseStore({ endpoints: etcd.endpoints });
  const acquire: number[] = [];
  const renew: number[] = [];
  const check: number[] = [];
  const release: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    let lease: Awaited<ReturnType<EtcdLeaseStore['acquire']>> | undefined;
    acquire.push(await time(async () => (lease = await store.acquire({ lab: 'bench', ttlMs: 30_000 }))));
    if (!lease) throw new Error('no lease');
    const l = lease;
    renew.push(await time(() => l.renew())); // keep-alive + read back the key (what the timer does)
    check.push(await time(() => store.checkHeld('bench', l.fence))); // the journal's fence, before each change
    release.push(await time(() => l.release()));
  }
  console.log(`\n${name}: ${SAMPLES} samples, ms`);
  console.log('| operation | median | p90 | p99 |\n|---|---|---|---|');
  console.log(row('acquire (grant + txn create-revision == 0)', acquire));
  console.log(row('renew (keep-alive + read back the key)', renew));
  console.log(row('fence check (read key + lease TTL)', check));
  console.log(row('release (revoke)', release));
}

async function races(name: string, etcd: EtcdCluster): Promise<void> {
  const store = new EtcdLeaseStore({ endpoints: etcd.endpoints });
  for (const n of [2, 8]) {
    const lab = `race-${n}`;
    const rotate = (i: number): string[] => etcd.endpoints.map((_, k) => etcd.endpoints[(i + k) % etcd.endpoints.length] as string);
    const takers = await startTakers(n, (i) => ({ endpoints: rotate(i) }), lab);
    try {
      const t = performance.now();
      const wins = await race(takers, ROUNDS, store, lab); // asserts exactly one holder per round
      const s = (performance.now() - t) / 1000;
      console.log(`\n${name}: ${n} takers, ${ROUNDS} rounds: ${ROUNDS} with exactly one holder; wins per taker ${wins.join('/')}; ${(ROUNDS / s).toFixed(1)} rounds/s`);
    } finally {
      for (const x of takers) await x.kill();
    }
  }
}

for (const members of [1, 3] as const) {
  const etcd = await EtcdCluster.start({ members });
  const name = members === 1 ? 'single member' : '3-member cluster';
  try {
    await latencies(name, etcd);
    await races(name, etcd);
  } finally {
    await etcd.stop();
  }
}
