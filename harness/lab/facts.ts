// The lab facts the PFS analysis works from (harness/pfs/inventory.ts), taken from a loaded
// lab description: phones with their identity and subnet, the subnets, and the load each
// model must run.

import type { LabFacts, Load, LoadInventory } from '../pfs/inventory.ts';
import type { LoadedLab } from './load.ts';
import { macFromDeviceName } from './mac.ts';
import { scaleFactor } from './schema.ts';

/**
 * Sizes in the inventory are the sizes the lab SERVES: a virtual lab with sizeScale serves
 * shrunk files, and the analysis must match byte counts against what went over the wire.
 */
export function factsFromLab(loaded: LoadedLab): LabFacts {
  const { spec } = loaded;
  const factor = spec.kind === 'virtual' ? scaleFactor(spec.sizeScale) : 1;
  const inventory: LoadInventory = new Map();
  for (const resolved of loaded.loads) {
    const load: Load = {
      id: resolved.load.id,
      files: resolved.load.files.map((f) => ({ name: f.name, size: scaledSize(f.size, factor) })),
    };
    for (const model of resolved.models) inventory.set(model, load);
  }
  return {
    phones: spec.phones.map((p) => ({
      name: p.name.toUpperCase(),
      mac: macFromDeviceName(p.name),
      model: p.model,
      ip: p.ip,
      subnet: p.subnet,
    })),
    subnets: spec.subnets.map((s) => ({ name: s.name, cidr: s.cidr })),
    inventory,
  };
}

/** A scaled file keeps at least one byte: an empty file would be a different transfer. */
export function scaledSize(size: number, factor: number): number {
  return factor === 1 ? size : Math.max(1, Math.round(size * factor));
}
