// The PFS analysis: evidence in, per-file trees, roles, WAN bytes and violations out.
import type { AnalysisResult } from './analysis-types.ts';
import type { AnalysisOptions, EvidenceSet } from './evidence-set.ts';
import type { LabFacts } from './inventory.ts';
import { DEFAULT_HEADER_ALLOWANCE } from './evidence-set.ts';
import { buildPhoneDirectory } from './phone-directory.ts';
import { collectEdges, collectFetches, emptyConnectionCount } from './copies.ts';
import { loggedRoots } from './log-roots.ts';
import { manifestFetchersOf, reconstruct } from './reconstruct.ts';
import { checkInvariants } from './invariants/index.ts';
import { wanSummary } from './wan.ts';
import { familyDigitsOf } from './file-names.ts';
import { splitSharedLoadGroups } from './model-groups.ts';
import { evidenceNotes, nothingToAnalyse } from './usable-evidence.ts';

export function analyzePfs(evidence: EvidenceSet, facts?: LabFacts, options: AnalysisOptions = {}): AnalysisResult {
  const dir = buildPhoneDirectory(facts, evidence);
  const fetches = collectFetches(evidence.captures);
  const allEdges = collectEdges(evidence.captures, dir, options.headerAllowance ?? DEFAULT_HEADER_ALLOWANCE, fetches);
  // Phones that only ever received files over 4051 show their family through those files.
  for (const e of allEdges) {
    const file = e.file ?? e.cutFile;
    const family = file === undefined ? undefined : familyDigitsOf(file);
    if (family !== undefined) dir.adoptFamily(e.child, family);
  }
  const roots = loggedRoots(evidence.logs);
  if (!facts) splitSharedLoadGroups(dir, fetches, allEdges, roots);
  const groups = reconstruct(dir, facts, fetches, allEdges, roots, manifestFetchersOf(evidence.captures));
  const violations = checkInvariants({ groups, dir, evidence, allEdges, allFetches: fetches, logRoots: roots });

  const notes = evidenceNotes(evidence);
  const unmatched = allEdges.filter((e) => e.file === undefined);
  const unknown = unmatched.filter((e) => e.cutFile === undefined).length;
  const empty = emptyConnectionCount(evidence.captures);
  if (empty > 0) notes.push(`${empty} TCP 4051 connection(s) carried no byte either way (port probes or joins given up): not counted as transfers`);
  if (unknown > 0) notes.push(`${unknown} TCP 4051 connection(s) carried no whole known file, and no file their parent had received (control traffic or unknown files)`);

  const result: AnalysisResult = {
    files: groups.map((g) => g.tree),
    wan: wanSummary(groups),
    violations,
    inferred: dir.inferred,
    notes,
    logRoots: roots.map(({ file, rootIp, model, source, line }) => ({ file, rootIp, model, source, line })),
    unmatchedConnections: unmatched.map(({ parent, child, bytes, complete, start, end, firstPayload, frames, capture }) => ({ parent, child, bytes, complete, start, end, firstPayload, frames, capture })),
  };
  const nothing = nothingToAnalyse(evidence, result, facts);
  if (nothing) result.nothingToAnalyse = nothing;
  return result;
}
