// Which kind of problem a non-passing test result is. One classifier, used both by the Allure
// report (reports/allurerc.ts gives it to Allure 3 as a predicate matcher) and by the terminal
// summary, so the two can never disagree about a test.
//
// The rules: an assertion failure (Allure status "failed") is a product defect; a broken test
// (any other exception) is a lab problem when its class or message says so, else a harness bug.

export const PRODUCT_DEFECT = 'Product defect';
export const LAB_PROBLEM = 'Lab or infrastructure problem';
export const HARNESS_ERROR = 'Harness error';

export type CategoryName = typeof PRODUCT_DEFECT | typeof LAB_PROBLEM | typeof HARNESS_ERROR;

/** In the order Allure shows them. */
export const CATEGORY_NAMES: readonly CategoryName[] = [PRODUCT_DEFECT, LAB_PROBLEM, HARNESS_ERROR];

/** Allure's result statuses (allure-js-commons Status), as plain strings so this file has no imports. */
export type ResultStatus = 'passed' | 'failed' | 'broken' | 'skipped' | 'unknown';

/**
 * Error classes the harness throws when the lab, not the product, misbehaved. CucmError's
 * subclasses (drivers/cucm) are listed because a name match cannot see inheritance.
 * TimeoutError also covers Playwright's and AbortSignal.timeout()'s.
 */
export const LAB_ERROR_CLASSES: readonly string[] = [
  'LabError',
  'PoeError',
  'CucmError',
  'CucmWebError',
  'CucmVerifyError',
  'CucmAuthError',
  'CucmUnreachableError',
  'CucmFieldMissingError',
  'AxlFaultError',
  'PhoneError',
  'CaptureDriverError',
  'CaptureError',
  'TftpError',
  'TftpDriverError',
  'LeaseError',
  'LeaseHeldError',
  'LeaseLostError',
  'NetworkCommandError',
  // The harness's own lab steps (harness/run/fixture, harness/run/orchestrate).
  'VirtualLabError',
  'BringBackError',
  'ConfigNotWrittenError',
  'LoadPlanError',
  // The suite kit's evidence guard: a capture that saw nothing is the lab's problem.
  'EvidenceMissingError',
  // The lab health check (harness/run/health): the lab was not in a known, quiet state.
  'LabUnhealthyError',
  'TimeoutError',
];

/** Words in a message that mean the network or a wait gave out, whatever the class. */
export const LAB_MESSAGE_MARKERS: readonly string[] = ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'deadline passed'];

// A stack's first line is "Name: message" (or "AggregateError [ECONNREFUSED]: " with an empty
// message, which is how Node reports a refused connection to every address of a host).
const LAB_CLASS = new RegExp(`^(?:${LAB_ERROR_CLASSES.join('|')})\\b`);
const LAB_MARKER = new RegExp(LAB_MESSAGE_MARKERS.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

export interface StatusDetailsLike {
  message?: string;
  trace?: string;
}

/** The category of one result, or undefined for passed, skipped and unknown results. */
export function categoryOf(status: string | undefined, details: StatusDetailsLike | undefined): CategoryName | undefined {
  if (status === 'failed') return PRODUCT_DEFECT;
  if (status !== 'broken') return undefined;
  const message = details?.message ?? '';
  const header = firstLine(details?.trace ?? '');
  if (LAB_CLASS.test(header) || LAB_CLASS.test(message)) return LAB_PROBLEM;
  if (LAB_MARKER.test(message) || LAB_MARKER.test(header)) return LAB_PROBLEM;
  return HARNESS_ERROR;
}

export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end)).trim();
}
