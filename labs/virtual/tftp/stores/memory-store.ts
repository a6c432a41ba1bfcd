// Files held in memory: the configuration files CUCM generates (SEP<MAC>.cnf.xml) and the
// .loads manifests. CUCM replaces a file with put(); a transfer already running keeps the
// content it started with (the server snapshots small files, see transfer-content.ts).

import type { TftpStore } from './store.ts';

export interface MemoryStoreOptions {
  /** Accept WRQ uploads (default false: a TFTP server for phones is read-only). */
  writable?: boolean;
}

export class MemoryStore implements TftpStore {
  private readonly files = new Map<string, Buffer>();
  readonly write?: (name: string, content: Buffer) => void;

  constructor(options: MemoryStoreOptions = {}) {
    if (options.writable) this.write = (name, content) => this.put(name, content);
  }

  /** Adds or replaces a file. A string is stored as UTF-8. */
  put(name: string, content: Buffer | string): void {
    // Copied so that a caller reusing its buffer cannot change a file behind the server.
    this.files.set(name, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  }

  delete(name: string): boolean {
    return this.files.delete(name);
  }

  get(name: string): Buffer | undefined {
    return this.files.get(name);
  }

  names(): string[] {
    return [...this.files.keys()];
  }

  stat(name: string): number | undefined {
    return this.files.get(name)?.length;
  }

  read(name: string, offset: number, length: number): Buffer {
    const content = this.files.get(name);
    if (content === undefined) throw new Error(`no such file: ${name}`);
    return content.subarray(offset, offset + length);
  }
}
