// Runs one task per item, at most `n` at once, and waits for ALL of them before it reports
// the first failure: a scenario that changes the lab must not start undoing its journal while
// a change it began is still on its way to CUCM (p-limit's map rejects at the first failure
// and leaves the others running).
import pLimit from 'p-limit';

export async function eachAtMost<T, R>(n: number, items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(Math.max(1, n));
  const settled = await Promise.allSettled(items.map((item) => limit(() => task(item))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}
