// A bug suite on a lab without the phones its bug concerns: said out loud, then skipped.
// mocha's skip() carries no reason, so the reason goes to the run's output and the report
// first, and the suite's title says it too (the spec reporter and Allure both show titles).
import { attachText } from '../../harness/run/suite-kit.ts';

/** Call from a `before` hook: marks the whole suite not applicable, with why. */
export async function notApplicable(hook: Mocha.Context, reason: string): Promise<never> {
  const suite = hook.test?.parent;
  if (suite) suite.title = `${suite.title} [not applicable: ${reason}]`;
  process.stdout.write(`    not applicable: ${reason}\n`);
  await attachText('not applicable', reason);
  return hook.skip();
}
