// Waits until every phone of a set shows its expected load on /DeviceInformationX, with one
// deadline for all and live progress. A phone that misses the deadline is an outcome, not an
// exception: whether that is a product defect (CSCtg96408) is the suite's verdict to make.
import { waitForLoad } from '../../../drivers/phone/index.ts';
import type { LabPhone } from '../fixture/lab-context.ts';
import type { Progress } from './progress.ts';

export interface LoadOutcome {
  phone: string;
  ip: string;
  model: string;
  subnet: string;
  expected: string;
  reached: boolean;
  /** ms from `since` until the phone showed the expected load. */
  afterMs?: number;
  /** What the phone showed last when it missed the deadline. */
  lastSeen?: string;
}

export async function waitForLoads(
  phones: readonly LabPhone[],
  expected: (p: LabPhone) => string,
  o: { since: number; deadline: number; progress?: Progress; intervalMs?: number; signal?: AbortSignal },
): Promise<LoadOutcome[]> {
  let done = 0;
  o.progress?.update(done, phones.length, o.deadline);
  // A heartbeat, so that a long wait shows its time left even while no phone finishes.
  const beat = setInterval(() => o.progress?.update(done, phones.length, o.deadline), 5000);
  beat.unref();
  try {
    return await waitAll();
  } finally {
    clearInterval(beat);
  }

  function waitAll(): Promise<LoadOutcome[]> {
    return Promise.all(
      phones.map(async (p): Promise<LoadOutcome> => {
        const load = expected(p);
        const base = { phone: p.name, ip: p.ip, model: p.model, subnet: p.subnet, expected: load };
        if (!p.web) return { ...base, reached: false, lastSeen: 'the lab gives this phone no web console: its load cannot be read' };
        let lastSeen = '';
        try {
          await waitForLoad(p.web, load, {
            deadline: o.deadline,
            intervalMs: o.intervalMs ?? 1000,
            onProgress: (pr) => (lastSeen = pr.kind === 'running' ? `running ${pr.appLoadId || pr.versionId}` : `unreachable (${pr.error})`),
            ...(o.signal ? { signal: o.signal } : {}),
          });
          done++;
          o.progress?.update(done, phones.length, o.deadline);
          return { ...base, reached: true, afterMs: Date.now() - o.since };
        } catch (e) {
          if (o.signal?.aborted) throw e;
          return { ...base, reached: false, lastSeen: lastSeen || (e as Error).message };
        }
      }),
    );
  }
}
