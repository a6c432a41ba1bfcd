// One runner of the pool tests: takes a lab from the pool ITERATIONS times, exactly as
// `pfslab run --pool` does (takeFromPool), holds it for HOLD_MS writing "start LAB" and
// "end LAB" lines to EVENTS, and releases it. The health check fails for a lab whose name
// has a file in UNHEALTHY_DIR. The store comes from the environment (PFSLAB_LEASE_STORE or
// PFSLAB_LEASE_DIR), as for the CLI.
//   node --import tsx pool-runner.ts '{"pool":"p.yaml","events":"e","unhealthyDir":"d","iterations":6,"holdMs":30}'
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { leaseStoreFor } from '../../../harness/lab/lease-store/index.ts';
import { loadPool } from '../../../harness/run/pool/pool-file.ts';
import { PoolBusyError, takeFromPool } from '../../../harness/run/pool/take.ts';

const a = JSON.parse(process.argv[2] ?? '{}') as { pool: string; events: string; unhealthyDir: string; iterations: number; holdMs: number };
const pool = await loadPool(a.pool);
let lostAny = false;
for (let i = 0; i < a.iterations; i++) {
  try {
    const { lab, lease } = await takeFromPool({
      pool,
      storeFor: (l) => leaseStoreFor(l),
      health: (l) => Promise.resolve(existsSync(path.join(a.unhealthyDir, l.spec.name)) ? { healthy: false, detail: 'test: marked unhealthy' } : { healthy: true, detail: 'test: ok' }),
      purpose: `pool-runner ${process.pid} #${i}`,
      waitMs: 90_000,
      onLost: () => (lostAny = true),
      log: () => undefined,
    });
    await appendFile(a.events, `start ${lab.spec.name} ${process.pid}\n`);
    await sleep(a.holdMs);
    await appendFile(a.events, `end ${lab.spec.name} ${process.pid}\n`);
    await lease.release();
  } catch (e) {
    process.stdout.write(e instanceof PoolBusyError ? `busy ${e.message}\n` : `error ${(e as Error).message}\n`);
    process.exit(1);
  }
}
process.stdout.write(lostAny ? 'lost\n' : 'done\n');
