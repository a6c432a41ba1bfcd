// Load inventory: which load each model runs and the component files it is made of.
// The PFS analysis needs file sizes to tell a firmware copy on TCP 4051 from anything else.

import type { Load, LoadInventory } from '../formats/load.ts';

/** The lab facts the PFS analysis uses; produced from a lab description or inferred from evidence. */
export interface LabFacts {
  phones: PhoneFact[];
  subnets: { name: string; cidr: string }[];
  /** The target load of each model. */
  inventory: LoadInventory;
  /**
   * The baseline load of each model that has one: what its phones are brought back to
   * between upgrades. A downgrade moves these files, so the analysis must know them too.
   */
  baselineInventory?: LoadInventory;
}

/** The loads a model's phones may be moving to: its target, then its baseline (if any). */
export function loadsOfModel(facts: LabFacts, model: string): Load[] {
  return [facts.inventory.get(model), facts.baselineInventory?.get(model)].filter((l): l is Load => l !== undefined);
}

/** Every load of the facts, targets first. */
export function allLoads(facts: LabFacts): Load[] {
  return [...facts.inventory.values(), ...(facts.baselineInventory?.values() ?? [])];
}

export interface PhoneFact {
  /** Device name SEP<MAC>. */
  name: string;
  mac: string;
  model: string;
  ip: string;
  subnet: string;
}
