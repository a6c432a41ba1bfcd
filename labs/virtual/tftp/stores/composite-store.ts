// Several stores seen as one: the first layer that has a name serves it. The virtual lab
// layers CUCM's MemoryStore (config files, manifests) over the FirmwareStore, so CUCM can
// shadow any file without touching the firmware.

import type { TftpStore } from './store.ts';

export class CompositeStore implements TftpStore {
  readonly write?: (name: string, content: Buffer) => void;

  constructor(private readonly layers: readonly TftpStore[]) {
    // Uploads go to the first layer that takes them, and then shadow the layers below.
    const writable = layers.find((l) => l.write !== undefined);
    if (writable?.write) {
      const write = writable.write.bind(writable);
      this.write = (name, content) => write(name, content);
    }
  }

  private layerOf(name: string): TftpStore | undefined {
    return this.layers.find((l) => l.stat(name) !== undefined);
  }

  stat(name: string): number | undefined {
    return this.layerOf(name)?.stat(name);
  }

  read(name: string, offset: number, length: number): Buffer {
    const layer = this.layerOf(name);
    if (!layer) throw new Error(`no such file: ${name}`);
    return layer.read(name, offset, length);
  }
}
