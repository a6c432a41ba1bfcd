// `pfslab lab lease [--lab FILE] [--break]`: who holds the lab now, and, for an operator who
// knows the holder is gone, breaking its lease. The same for the lease directory and etcd.
import type { Io } from './analyze.ts';
import { loadLab } from '../../lab/index.ts';
import type { LoadedLab } from '../../lab/index.ts';
import { holderGoneHere, LeaseError } from '../../lab/lease.ts';
import { describeHolder, leaseStoreFor } from '../../lab/lease-store/index.ts';
import { EtcdError } from '../../lab/lease-store/etcd-gateway.ts';
import { printable } from '../../lab/lease-store/types.ts';
import { EXIT } from '../exit-codes.ts';

export async function runLabLease(opts: { lab: string; break?: boolean }, io: Io): Promise<number> {
  const lab = await loadLab(opts.lab);
  try {
    return await showOrBreak(lab, opts, io);
  } catch (e) {
    // The store itself failed (etcd unreachable, a garbage lease file): say so, exit 2.
    if (!(e instanceof LeaseError || e instanceof EtcdError)) throw e;
    io.err(`pfslab lab lease: ${printable(e.message)}\n`);
    return 2;
  }
}

async function showOrBreak(lab: LoadedLab, opts: { break?: boolean }, io: Io): Promise<number> {
  const name = lab.spec.name;
  const store = await leaseStoreFor(lab);
  if (opts.break) {
    const was = await store.break(name);
    io.out(was ? `lab ${name}: broke the lease of ${printable(`${was.owner} (${was.purpose})`)}\n` : `lab ${name}: no lease to break\n`);
    return 0;
  }
  const held = await store.read(name);
  if (!held) {
    io.out(`lab ${name}: free (${store.where})\n`);
    return 0;
  }
  const expired = Date.parse(held.expiresAt) < Date.now();
  const gone = holderGoneHere(held);
  io.out(`lab ${name}: ${describeHolder(held, gone)} (${store.where})\n`);
  // A lease whose holder is gone here is free for the next run: exit as "free".
  return expired || gone ? EXIT.OK : EXIT.HELD;
}
