// `pfslab lab lease [--lab FILE] [--break]`: who holds the lab now, and, for an operator who
// knows the holder is gone, breaking its lease.
import type { Io } from './analyze.ts';
import { loadLab } from '../../lab/index.ts';
import { breakLease, readLease } from '../../lab/lease.ts';
import { EXIT } from '../exit-status.ts';

export async function runLabLease(opts: { lab: string; break?: boolean }, io: Io): Promise<number> {
  const lab = await loadLab(opts.lab);
  const name = lab.spec.name;
  if (opts.break) {
    const was = await breakLease(name);
    io.out(was ? `lab ${name}: broke the lease of ${was.owner} (${was.purpose})\n` : `lab ${name}: no lease to break\n`);
    return 0;
  }
  const held = await readLease(name);
  if (!held) {
    io.out(`lab ${name}: free\n`);
    return 0;
  }
  const expired = Date.parse(held.expiresAt) < Date.now();
  io.out(`lab ${name}: held by ${held.owner} for ${held.purpose}, since ${held.acquiredAt}, renewed ${held.renewedAt}, ${expired ? 'EXPIRED at' : 'until'} ${held.expiresAt}\n`);
  return expired ? EXIT.OK : EXIT.HELD;
}
