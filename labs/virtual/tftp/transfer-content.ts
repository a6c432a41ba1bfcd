// What one read transfer sends: a fixed size and a way to read any range of it.
//
// - Small files (CUCM's config files, manifests) are read whole when the request arrives,
//   so that CUCM replacing SEP<MAC>.cnf.xml mid-transfer cannot hand a phone half the old
//   file and half the new one.
// - netascii is converted whole for the same reason, and because its size (needed for tsize
//   and for knowing the last block) is only known after conversion.
// - Large octet files (firmware) are read block by block from the store: 50 phones pulling
//   8 MB each must not mean 400 MB of buffers.

import { toNetascii } from './netascii.ts';
import type { TftpStore } from './stores/store.ts';

/** Files up to this size are read whole at the start of a transfer. */
export const SNAPSHOT_LIMIT = 1 << 20;

export interface TransferContent {
  size: number;
  read(offset: number, length: number): Buffer;
}

export function openTransferContent(store: TftpStore, name: string, size: number, mode: 'octet' | 'netascii'): TransferContent {
  if (mode === 'netascii' || size <= SNAPSHOT_LIMIT) {
    const raw = store.read(name, 0, size);
    if (raw.length !== size) throw new Error(`${name}: store returned ${raw.length} bytes of ${size}`);
    const whole = mode === 'netascii' ? toNetascii(raw) : raw;
    return { size: whole.length, read: (offset, length) => whole.subarray(offset, offset + length) };
  }
  return { size, read: (offset, length) => store.read(name, offset, Math.min(length, size - offset)) };
}
