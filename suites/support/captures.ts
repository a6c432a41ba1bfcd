// The captures of an upgrade, read once per run (several suites look at the same files).
import { existsSync } from 'node:fs';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import type { CaptureSummary } from '../../harness/evidence/pcap/index.ts';
import type { UpgradeRun } from '../../harness/run/suite-kit.ts';

const cache = new Map<string, Promise<{ capture: string; summary: CaptureSummary }[]>>();

export function captureSummaries(run: UpgradeRun): Promise<{ capture: string; summary: CaptureSummary }[]> {
  let read = cache.get(run.id);
  if (!read) {
    read = (async () => {
      const out: { capture: string; summary: CaptureSummary }[] = [];
      for (const c of run.evidence.captures) for (const f of c.files) if (existsSync(f)) out.push({ capture: c.capture, summary: await readCapture(f) });
      return out;
    })();
    cache.set(run.id, read);
  }
  return read;
}
