// WAN accounting: how many bytes of each file came from the TFTP server into each subnet,
// against the one copy per file per model per subnet that PFS promises (pfs-reference §1).
import type { WanLine, WanSummary } from './analysis-types.ts';
import type { GroupWork } from './reconstruct.ts';

export function wanSummary(groups: GroupWork[]): WanSummary {
  const lines: WanLine[] = groups
    .filter((g) => g.fetches.length > 0)
    .map(({ tree, fetches }) => {
      const bytes = fetches.reduce((sum, f) => sum + f.bytes, 0);
      const size = tree.size;
      const minimum = size ?? Math.max(...fetches.map((f) => f.bytes));
      return { subnet: tree.subnet, model: tree.model, file: tree.file, size, bytes, minimum, copies: minimum > 0 ? bytes / minimum : 0 };
    });
  const totalBytes = lines.reduce((s, l) => s + l.bytes, 0);
  const minimumBytes = lines.reduce((s, l) => s + l.minimum, 0);
  return { lines, totalBytes, minimumBytes, excessBytes: Math.max(0, totalBytes - minimumBytes) };
}
