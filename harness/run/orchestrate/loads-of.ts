// Which load a phone must run after an upgrade (the lab's target for its model) and which it
// is brought back to before one (the load entry's baseline).
import type { LoadedLab } from '../../lab/index.ts';

export class LoadPlanError extends Error {
  override name = 'LoadPlanError';
}

export function targetLoadOf(lab: LoadedLab, model: string): string {
  const r = lab.loads.find((l) => l.models.includes(model));
  if (!r) throw new LoadPlanError(`${lab.file}: no load for model ${model} under loads:`);
  return r.load.id;
}

export function baselineLoadOf(lab: LoadedLab, model: string): string | undefined {
  const r = lab.loads.find((l) => l.models.includes(model)) as { baseline?: { id: string } } | undefined;
  return r?.baseline?.id;
}
