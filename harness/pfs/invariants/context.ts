// What every rule sees: the reconstructed groups, the directory of phones, and the raw
// flows, so that a rule can cite the frames or log lines that show its violation.
import type { EvidenceRef, Violation } from '../analysis-types.ts';
import type { EvidenceSet } from '../evidence-set.ts';
import type { FileEdge, FileFetch } from '../copies.ts';
import type { LoggedRoot } from '../log-roots.ts';
import type { PhoneDirectory } from '../phone-directory.ts';
import type { GroupWork } from '../reconstruct.ts';

export interface RuleContext {
  groups: GroupWork[];
  dir: PhoneDirectory;
  evidence: EvidenceSet;
  /** Every TCP 4051 edge, matched to a file or not, in the order they began. */
  allEdges: FileEdge[];
  /** Every TFTP read of a component file, whatever group it fell in. */
  allFetches: FileFetch[];
  /** Every valid root line of the console logs. */
  logRoots: LoggedRoot[];
}

export type Rule = (ctx: RuleContext) => Violation[];

export function edgeEvidence(edges: FileEdge[]): EvidenceRef[] {
  const byCapture = new Map<string, number[]>();
  for (const e of edges) {
    const frames = byCapture.get(e.capture) ?? [];
    frames.push(e.frames[0]);
    byCapture.set(e.capture, frames);
  }
  return [...byCapture].map(([capture, frames]) => ({ kind: 'pcap', capture, frames: [...new Set(frames)].sort((a, b) => a - b) }));
}

export function framesEvidence(items: { capture: string; frame: number }[]): EvidenceRef[] {
  return edgeEvidence(items.map((i) => ({ capture: i.capture, frames: [i.frame, i.frame] }) as FileEdge));
}

export function violation(
  code: Violation['code'],
  tree: { file: string; subnet: string; model: string },
  phones: string[],
  message: string,
  evidence: Violation['evidence'],
): Violation {
  return { code, file: tree.file, subnet: tree.subnet, model: tree.model, phones, message, evidence };
}
