// Puts the lab's firmware loads on the TFTP server: every component into the FirmwareStore
// (generated content, sizes scaled when the lab asks for a smaller lab), and for every load
// its manifest <id>.loads plus a term<NN>.default.loads copy per model that runs it.
//
// term<NN> is the model number's last two digits (CP-7961G -> term61.default.loads), as in
// the TFTP directories of public provisioning repositories; which of the two files a phone
// asks for is the phone emulator's business.

import type { Load } from '../../../harness/formats/load.ts';
import type { ManifestFile } from './loads-manifest.ts';
import { buildVirtualLabManifest } from './loads-manifest.ts';
import type { FirmwareStore } from './stores/firmware-store.ts';
import type { MemoryStore } from './stores/memory-store.ts';

export interface LoadToServe {
  load: Load;
  /** Models running it (CP-7961G ...): each gets a term<NN>.default.loads copy. */
  models?: readonly string[];
}

export interface PublishedLoad {
  id: string;
  /** <id>.loads */
  manifestName: string;
  /** term<NN>.default.loads copies, one per model number. */
  defaultManifestNames: string[];
  /** As served: scaled sizes and the checksums written into the manifest. */
  files: ManifestFile[];
}

export interface PublishOptions {
  firmware: FirmwareStore;
  /** Where the manifests go (CUCM's files live here too). */
  files: MemoryStore;
  /** Size factor (0 < scale); sizes are rounded and at least 1 byte. Default 1. */
  scale?: number;
  /** TIMESTAMP of the manifests' header; omitted by default so manifests are reproducible. */
  timestamp?: number;
}

export function publishLoads(loads: readonly LoadToServe[], opts: PublishOptions): PublishedLoad[] {
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const defaults = new Map<string, string>();
  return loads.map(({ load, models = [] }) => {
    const files = load.files.map((f) => {
      const size = Math.max(1, Math.round(f.size * scale));
      opts.firmware.add(f.name, size);
      const digests = opts.firmware.digests(f.name);
      return { name: f.name, size, sha256: digests?.sha256 ?? '', crc32: digests?.crc32 ?? '' };
    });
    const manifest = buildVirtualLabManifest(load.id, files, { timestamp: opts.timestamp });
    const manifestName = `${load.id}.loads`;
    opts.files.put(manifestName, manifest);
    const defaultManifestNames = [...new Set(models.map(defaultManifestName).filter((n) => n !== undefined))];
    for (const name of defaultManifestNames) {
      const other = defaults.get(name);
      if (other !== undefined && other !== load.id) throw new Error(`${name} would name both ${other} and ${load.id}`);
      defaults.set(name, load.id);
      opts.files.put(name, manifest);
    }
    return { id: load.id, manifestName, defaultManifestNames, files };
  });
}

/** CP-7961G -> term61.default.loads; undefined for a name that is not a 79xx model. */
export function defaultManifestName(model: string): string | undefined {
  const digits = /^CP-79(\d\d)/.exec(model)?.[1];
  return digits ? `term${digits}.default.loads` : undefined;
}
