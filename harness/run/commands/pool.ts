// `pfslab pool status FILE` (each lab of a pool: free, held by whom, healthy, bad) and
// `pfslab pool clear LAB [--pool FILE]` (a person puts a bad lab back into its pool).
import type { Io } from './analyze.ts';
import { loadLab } from '../../lab/index.ts';
import type { LoadedLab } from '../../lab/index.ts';
import { holderGoneHere } from '../../lab/lease.ts';
import { describeHolder, leaseStoreFor } from '../../lab/lease-store/index.ts';
import { printable } from '../../lab/lease-store/types.ts';
import { loadPool } from '../pool/pool-file.ts';

/** Exit 0 when some lab is free and not bad, 1 when none is. */
export async function runPoolStatus(file: string, io: Io): Promise<number> {
  const pool = await loadPool(file);
  let available = 0;
  const rows: string[][] = [];
  for (const lab of pool.labs) {
    const name = lab.spec.name;
    const store = await leaseStoreFor(lab);
    const [held, health] = await Promise.all([store.read(name).catch((e: Error) => e), store.readHealth(name).catch((e: Error) => e)]);
    const leaseText = held instanceof Error ? `unknown: ${held.message}` : held ? describeHolder(held, holderGoneHere(held)) : 'free';
    const healthText =
      health instanceof Error
        ? `unknown: ${health.message}`
        : !health
          ? 'not checked yet'
          : health.bad
            ? `BAD: ${health.failuresInARow} failed checks in a row, last ${health.lastCheckAt}: ${health.lastDetail} (pfslab pool clear ${name})`
            : health.failuresInARow > 0
              ? `failing: ${health.failuresInARow} of ${pool.badAfter} before bad, last ${health.lastCheckAt}: ${health.lastDetail}`
              : `healthy at ${health.lastCheckAt}: ${health.lastDetail}`;
    if (!(held instanceof Error) && !held && !(health instanceof Error) && !health?.bad) available++;
    rows.push([name, printable(leaseText), printable(healthText), store.where]);
  }
  io.out(`pool ${file}: ${pool.labs.length} lab(s), ${available} free and not bad\n`);
  for (const [name, lease, health, where] of rows) io.out(`  ${name}\n    lease:  ${lease}\n    health: ${health}\n    store:  ${where}\n`);
  return available > 0 ? 0 : 1;
}

export async function runPoolClear(labArg: string, opts: { pool?: string }, io: Io): Promise<number> {
  const lab = await findLab(labArg, opts.pool);
  const store = await leaseStoreFor(lab);
  const was = await store.clearHealth(lab.spec.name);
  io.out(
    was
      ? `lab ${lab.spec.name}: cleared (was ${was.bad ? 'BAD' : `${was.failuresInARow} failed check(s)`}; last: ${printable(was.lastDetail)}); runs take it again\n`
      : `lab ${lab.spec.name}: nothing to clear (no health record in ${store.where})\n`,
  );
  return 0;
}

/** LAB is a lab file, or the name of a lab of --pool FILE. */
async function findLab(labArg: string, poolFile: string | undefined): Promise<LoadedLab> {
  if (poolFile) {
    const pool = await loadPool(poolFile);
    const found = pool.labs.find((l) => l.spec.name === labArg || l.file === labArg);
    if (!found) throw new Error(`pool ${poolFile} has no lab '${labArg}' (it has ${pool.labs.map((l) => l.spec.name).join(', ')})`);
    return found;
  }
  return loadLab(labArg);
}
