// The PFS analysis: evidence in, per-file trees, roles, WAN bytes and violations out.
import type { AnalysisResult } from './analysis-types.ts';
import type { AnalysisOptions, EvidenceSet } from './evidence-set.ts';
import type { LabFacts } from './inventory.ts';
import { DEFAULT_HEADER_ALLOWANCE } from './evidence-set.ts';
import { buildPhoneDirectory } from './phone-directory.ts';
import { collectEdges, collectFetches } from './copies.ts';
import { loggedRoots } from './log-roots.ts';
import { manifestFetchersOf, reconstruct } from './reconstruct.ts';
import { checkInvariants } from './invariants/index.ts';
import { wanSummary } from './wan.ts';
import { familyDigitsOf } from './file-names.ts';

export function analyzePfs(evidence: EvidenceSet, facts?: LabFacts, options: AnalysisOptions = {}): AnalysisResult {
  const dir = buildPhoneDirectory(facts, evidence);
  const fetches = collectFetches(evidence.captures);
  const allEdges = collectEdges(evidence.captures, dir, options.headerAllowance ?? DEFAULT_HEADER_ALLOWANCE);
  // Phones that only ever received files over 4051 show their family through those files.
  for (const e of allEdges) {
    const family = e.file === undefined ? undefined : familyDigitsOf(e.file);
    if (family !== undefined) dir.adoptFamily(e.child, family);
  }
  const roots = loggedRoots(evidence.logs);
  const groups = reconstruct(dir, facts, fetches, allEdges, roots, manifestFetchersOf(evidence.captures));
  const violations = checkInvariants({ groups, dir, evidence, allEdges });

  const notes: string[] = [];
  for (const cap of evidence.captures) {
    if (cap.stoppedEarly) {
      notes.push(`${cap.file}: read stopped at byte ${cap.stoppedEarly.offset} (frame ${cap.stoppedEarly.frame}): ${cap.stoppedEarly.reason}; what came before is analysed`);
    }
  }
  for (const { log } of evidence.logs) {
    if (log.unreadable.count > 0) notes.push(`${log.source}: ${log.unreadable.count} unreadable line(s), first at line ${log.unreadable.lines[0]}`);
  }
  const unmatched = allEdges.filter((e) => e.file === undefined);
  if (unmatched.length > 0) notes.push(`${unmatched.length} TCP 4051 connection(s) carried no whole known file (cut transfers or unknown files)`);

  return {
    files: groups.map((g) => g.tree),
    wan: wanSummary(groups),
    violations,
    inferred: dir.inferred,
    notes,
    logRoots: roots.map(({ file, rootIp, model, source, line }) => ({ file, rootIp, model, source, line })),
    unmatchedConnections: unmatched.map(({ parent, child, bytes, complete, start, end, firstPayload, frames, capture }) => ({ parent, child, bytes, complete, start, end, firstPayload, frames, capture })),
  };
}
