// The phone models that can share firmware, and the load family each one runs.
// Source: pfs-reference.md §1 (which models support PFS) and §4 (load prefixes).

export interface ModelInfo {
  /** CUCM's product name, as in HROOT's m= field (e.g. CP-7961G). */
  model: string;
  /** Load family prefix: the first part of load ids and .loads file names (SCCP41...). */
  loadPrefix: string;
  /** The two digits component file names carry (apps41..., jar41sccp...). */
  familyDigits: string;
}

const family = (loadPrefix: string, models: string[]): ModelInfo[] =>
  models.map((model) => ({ model, loadPrefix, familyDigits: loadPrefix.slice(-2) }));

/** Third-generation 79xx phones (PFS since firmware 8.3(1)). 7940/7960 are absent on purpose. */
export const PFS_MODELS: readonly ModelInfo[] = [
  ...family('SCCP11', ['CP-7906G', 'CP-7911G']),
  ...family('SCCP31', ['CP-7931G']),
  ...family('SCCP41', ['CP-7941G', 'CP-7941G-GE', 'CP-7961G', 'CP-7961G-GE']),
  ...family('SCCP42', ['CP-7942G', 'CP-7962G']),
  ...family('SCCP45', ['CP-7945G', 'CP-7965G']),
  ...family('SCCP70', ['CP-7970G', 'CP-7971G-GE']),
  ...family('SCCP75', ['CP-7975G']),
];

export const MODEL_NAMES: readonly string[] = PFS_MODELS.map((m) => m.model);

export function modelInfo(model: string): ModelInfo | undefined {
  return PFS_MODELS.find((m) => m.model === model);
}

/** Models that run a load family, e.g. SCCP41 -> CP-7941G, CP-7961G, ... */
export function modelsOfLoadPrefix(prefix: string): string[] {
  return PFS_MODELS.filter((m) => m.loadPrefix === prefix).map((m) => m.model);
}
