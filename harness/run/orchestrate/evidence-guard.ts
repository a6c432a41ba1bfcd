// The one guard every suite's evidence passes before any assertion judges it. Most suites
// assert an absence ("no mixed-model edge", "no phone but the root fetched from TFTP"):
// over a capture that recorded nothing useful (a wrong interface, a filter that drops port
// 4051) those hold vacuously, and a lab that captured nothing would pass. So a scenario's
// evidence must exist and show every phone the suite judges; otherwise the suite ends as a
// lab or infrastructure problem (EvidenceMissingError, see report/categories.ts), never as
// a pass and never as a product defect.
import type { CaptureSummary } from '../../evidence/pcap/types.ts';
import type { ReadCaptures } from './analyze-evidence.ts';
import type { AnalysisResult } from '../../pfs/analysis-types.ts';

export class EvidenceMissingError extends Error {
  override name = 'EvidenceMissingError';
}

export interface GuardedRun {
  title: string;
  captures: ReadCaptures;
  analysis: AnalysisResult;
  /** The phones the suite judges, and whether each showed the target load on its own web page. */
  phones: readonly { phone: string; ip: string; subnet: string; reached: boolean }[];
}

/** Throws EvidenceMissingError unless the captures hold PFS-relevant traffic and show every judged phone. */
export function requireEvidence(run: GuardedRun): void {
  const problems: string[] = [];
  if (run.captures.length === 0) problems.push('no capture point wrote a capture file');
  else if (run.analysis.nothingToAnalyse) problems.push(...run.analysis.nothingToAnalyse.reasons.map((r) => `nothing to analyse: ${r}`));
  else {
    const seen = addressesSeen(run.captures.map((c) => c.summary));
    const unseen = run.phones.filter((p) => !seen.has(p.ip));
    if (unseen.length > 0) {
      const bySubnet = new Map<string, string[]>();
      for (const p of unseen) bySubnet.set(p.subnet, [...(bySubnet.get(p.subnet) ?? []), `${p.phone} (${p.ip})`]);
      problems.push(
        ...[...bySubnet].map(([subnet, phones]) => `the captures show no packet of ${phones.length} phone(s) of subnet ${subnet}: ${phones.join(', ')}; captured: ${run.captures.map((c) => c.capture).join(', ')}`),
      );
    }
    // A phone whose own web page shows the target load has every file of it: if the captures
    // show no whole copy, they did not see how it got them (port 4051 filtered, frames lost).
    const unexplained = run.phones.flatMap((p) =>
      p.reached ? run.analysis.files.filter((t) => t.roles[p.ip] === 'missing').map((t) => `${p.phone} (${p.ip}) ${t.file}`) : [],
    );
    if (unexplained.length > 0) {
      problems.push(`${unexplained.length} file copies of phones that reached the target load are not in the captures: ${unexplained.slice(0, 8).join(', ')}${unexplained.length > 8 ? ', ...' : ''}`);
    }
  }
  if (problems.length > 0) {
    throw new EvidenceMissingError(`${run.title}: the evidence cannot be judged (a capture point that sees nothing, a filter, a wrong interface):\n  ${problems.join('\n  ')}`);
  }
}

/** Every address that sent or received TFTP, port 4051 or any other IPv4 conversation in the captures. */
function addressesSeen(captures: CaptureSummary[]): Set<string> {
  const out = new Set<string>();
  for (const c of captures) {
    for (const t of c.tftp) out.add(t.client);
    for (const u of c.udp4051) out.add(u.src).add(u.dst);
    for (const t of c.tcp4051) out.add(t.initiator).add(t.acceptor);
    for (const v of c.conversations) out.add(v.a).add(v.b);
  }
  return out;
}
