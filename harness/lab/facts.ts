// The lab facts the PFS analysis works from (harness/pfs/inventory.ts), taken from a loaded
// lab description: phones with their identity and subnet, the subnets, and the loads each
// model runs (the target, and the baseline where the lab names one).

import type { LabFacts } from '../pfs/inventory.ts';
import type { Load, LoadInventory } from '../formats/load.ts';
import type { LoadedLab } from './load.ts';
import { macFromDeviceName } from '../formats/mac.ts';
import { scaleFactor } from './schema.ts';

/**
 * Sizes in the inventory are the sizes the lab SERVES: a virtual lab with sizeScale serves
 * shrunk files, and the analysis must match byte counts against what went over the wire.
 */
export function factsFromLab(loaded: LoadedLab): LabFacts {
  const { spec } = loaded;
  const factor = spec.kind === 'virtual' ? scaleFactor(spec.sizeScale) : 1;
  const inventory: LoadInventory = new Map();
  const baselineInventory: LoadInventory = new Map();
  for (const resolved of loaded.loads) {
    const load = scaledLoad(resolved.load, factor);
    const baseline = resolved.baseline ? scaledLoad(resolved.baseline, factor) : undefined;
    for (const model of resolved.models) {
      inventory.set(model, load);
      if (baseline) baselineInventory.set(model, baseline);
    }
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
    // Absent rather than empty when no load has a baseline: facts of such a lab are as before.
    ...(baselineInventory.size > 0 ? { baselineInventory } : {}),
  };
}

function scaledLoad(load: Load, factor: number): Load {
  return { id: load.id, files: load.files.map((f) => ({ name: f.name, size: scaledSize(f.size, factor) })) };
}

/** A scaled file keeps at least one byte: an empty file would be a different transfer. */
export function scaledSize(size: number, factor: number): number {
  return factor === 1 ? size : Math.max(1, Math.round(size * factor));
}
