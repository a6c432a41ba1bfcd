// Where a bug suite's defect shows as a driver error (the field is missing, CUCM does not
// keep a value), the report must call it a product defect, not a lab problem: the report's
// classifier (harness/run/report/categories.ts) files CucmFieldMissingError and
// CucmVerifyError as lab problems, and only an assertion failure as a product defect.
import { AssertionError } from 'node:assert/strict';
import { CucmFieldMissingError, CucmVerifyError } from '../../drivers/cucm/index.ts';

/** Runs `step`; a missing field or a value CUCM does not keep becomes an assertion failure saying `what`. */
export async function asDefect<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof CucmFieldMissingError || e instanceof CucmVerifyError) {
      throw new AssertionError({ message: `${what}: ${e.message}` });
    }
    throw e;
  }
}
