// A per-suite temporary directory under os.tmpdir(), removed when the suite ends.
// Created lazily on first use: a suite is loaded even when a --grep run selects none of its
// tests, and then its `after` hook never runs; nothing must be left behind in that case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CaptureTmpDir {
  /** The directory (created on first access). */
  readonly dir: string;
  /** A path inside the directory. */
  file(name: string): string;
  /** Removes the directory if it was created. */
  remove(): void;
}

export function captureTmpDir(prefix = 'pfslab-pcap-'): CaptureTmpDir {
  let dir: string | undefined;
  const ensure = (): string => (dir ??= mkdtempSync(join(tmpdir(), prefix)));
  return {
    get dir() {
      return ensure();
    },
    file: (name: string) => join(ensure(), name),
    remove: () => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}
