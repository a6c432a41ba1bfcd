// One loopback upgrade under tcpdump, analysed by the project's PFS analysis.
import { analyzePfs } from '../../../../harness/pfs/analyze.ts';
import type { AnalysisResult } from '../../../../harness/pfs/analysis-types.ts';
import type { MiniLab, MiniLabOptions } from './mini-lab.ts';
import { SUBNET, TFTP_IP, startMiniLab } from './mini-lab.ts';
import { captureLoopback, evidenceFrom } from './evidence.ts';

export interface AnalysedRun {
  lab: MiniLab;
  result: AnalysisResult;
  /** Violation codes, sorted, one per kind. */
  codes: string[];
}

/** `until` decides when the run is over (default: every phone runs its new load). */
export async function analysedRun(o: MiniLabOptions, until?: (lab: MiniLab) => Promise<void>): Promise<AnalysedRun> {
  const lab = await startMiniLab(o);
  const capture = await captureLoopback(TFTP_IP, SUBNET);
  try {
    lab.powerOnAll();
    await (until ? until(lab) : lab.waitAllRunningNewLoad(90_000));
    const dropped = await capture.stop();
    if (dropped > 0) throw new Error(`tcpdump dropped ${dropped} frames`);
    const result = analyzePfs(await evidenceFrom(capture.file, lab.phones), lab.facts);
    return { lab, result, codes: [...new Set(result.violations.map((v) => v.code))].sort() };
  } catch (e) {
    await lab.close();
    throw e;
  } finally {
    await capture.cleanup();
  }
}
