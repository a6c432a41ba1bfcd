// Firmware component files with generated content (see firmware-content.ts): the store
// knows only names and sizes, and computes the bytes of each requested range.

import type { FirmwareDigests, FirmwareSeed } from './firmware-content.ts';
import { firmwareBytes, firmwareDigests, firmwareSeed } from './firmware-content.ts';
import type { TftpStore } from './store.ts';

export interface FirmwareFile {
  name: string;
  size: number;
}

interface Entry {
  size: number;
  seed: FirmwareSeed;
  digests?: FirmwareDigests;
}

export class FirmwareStore implements TftpStore {
  private readonly entries = new Map<string, Entry>();

  constructor(files: Iterable<FirmwareFile> = []) {
    for (const f of files) this.add(f.name, f.size);
  }

  /** Adds a file; adding the same name again with the same size is a no-op (loads share components). */
  add(name: string, size: number): void {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${name}: size must be a whole number of bytes, got ${size}`);
    const existing = this.entries.get(name);
    if (existing) {
      if (existing.size !== size) throw new Error(`${name} is already served with ${existing.size} bytes, not ${size}`);
      return;
    }
    this.entries.set(name, { size, seed: firmwareSeed(name, size) });
  }

  files(): FirmwareFile[] {
    return [...this.entries].map(([name, e]) => ({ name, size: e.size }));
  }

  stat(name: string): number | undefined {
    return this.entries.get(name)?.size;
  }

  read(name: string, offset: number, length: number): Buffer {
    const e = this.entries.get(name);
    if (!e) throw new Error(`no such file: ${name}`);
    return firmwareBytes(e.seed, e.size, offset, length);
  }

  /** SHA-256 (hex) of the file's content; computed on first use, then cached. */
  checksum(name: string): string | undefined {
    return this.digests(name)?.sha256;
  }

  /** SHA-256 and CRC-32 of the file's content; computed on first use, then cached. */
  digests(name: string): FirmwareDigests | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    e.digests ??= firmwareDigests(e.seed, e.size);
    return e.digests;
  }

  /** The whole file in one buffer: for tests and small files, not for serving. */
  content(name: string): Buffer | undefined {
    const e = this.entries.get(name);
    return e ? firmwareBytes(e.seed, e.size, 0, e.size) : undefined;
  }
}
