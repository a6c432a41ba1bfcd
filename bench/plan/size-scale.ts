// The sweep's choice of file sizes per point (sweep.ts --size-scale auto), shared with the
// report, which names the sizes a point not measured would have run at.

/** Seconds the traditional upgrade's bytes may take to cross the WAN at the chosen sizes. */
export const SAT_BUDGET_S = 200;

/** The largest of 1/32, 1/64, 1/128, 1/256 with which N loads cross the WAN in at most SAT_BUDGET_S. */
export function autoSizeScale(phones: number, loadBytes: number, bitsPerSecond: number): number {
  for (const s of [1 / 32, 1 / 64, 1 / 128, 1 / 256]) if ((phones * loadBytes * s * 8) / bitsPerSecond <= SAT_BUDGET_S) return s;
  return 1 / 256;
}
