// `pfslab analyze --json`: the analysis as one object. Keys may be added, never renamed:
// scripts in users' CI read it.
import type { AnalysisResult } from '../analysis-types.ts';

export function renderJson(r: AnalysisResult): string {
  return JSON.stringify(
    {
      files: r.files,
      wan: r.wan,
      violations: r.violations,
      inferred: r.inferred,
      notes: r.notes,
      logRoots: r.logRoots,
      unmatchedConnections: r.unmatchedConnections,
      ...(r.nothingToAnalyse ? { nothingToAnalyse: r.nothingToAnalyse } : {}),
    },
    null,
    2,
  ) + '\n';
}
