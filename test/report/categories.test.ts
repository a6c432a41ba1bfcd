// The classifier the report and the summary share: one row per kind of error the lab meets.
import assert from 'node:assert/strict';
import { categoryOf, HARNESS_ERROR, LAB_PROBLEM, PRODUCT_DEFECT } from '../../harness/run/report/categories.ts';

/** What allure-mocha stores for a thrown error: its message, and its stack as the trace. */
function details(error: Error): { message: string; trace: string } {
  return { message: error.message, trace: error.stack ?? '' };
}

function named(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  // The stack header is fixed when the error is made; refresh it as a subclass's would read.
  e.stack = `${name}: ${message}\n    at somewhere (suites/pfs.spec.ts:1:1)`;
  return e;
}

describe('categoryOf', () => {
  const cases: [string, string, Error, string | undefined][] = [
    ['assertion failure', 'failed', named('AssertionError', 'expected parent to feed 7 children'), PRODUCT_DEFECT],
    ['PoeError', 'broken', named('PoeError', 'port 3 did not power on'), LAB_PROBLEM],
    ['CucmVerifyError', 'broken', named('CucmVerifyError', 'PFS setting did not stick'), LAB_PROBLEM],
    ['CucmWebError', 'broken', named('CucmWebError', 'login page changed'), LAB_PROBLEM],
    ['CaptureDriverError', 'broken', named('CaptureDriverError', 'tcpdump exited 1'), LAB_PROBLEM],
    ['TimeoutError (Playwright, AbortSignal)', 'broken', named('TimeoutError', 'waiting for selector'), LAB_PROBLEM],
    ['refused connection', 'broken', new Error('connect ECONNREFUSED 10.20.0.5:8443'), LAB_PROBLEM],
    ['AggregateError with an empty message', 'broken', named('AggregateError [ECONNREFUSED]', ''), LAB_PROBLEM],
    ['unreachable host', 'broken', new Error('connect EHOSTUNREACH 10.20.1.21:22'), LAB_PROBLEM],
    ['a wait that ran out', 'broken', new Error('phones upgraded: deadline passed after 900 s'), LAB_PROBLEM],
    ['TypeError', 'broken', new TypeError("Cannot read properties of undefined (reading 'ip')"), HARNESS_ERROR],
    ['ReferenceError', 'broken', new ReferenceError('phone is not defined'), HARNESS_ERROR],
    ['a class merely containing a lab name', 'broken', named('NotAPoeErrorAtAll', 'x'), HARNESS_ERROR],
    ['passed', 'passed', new Error(''), undefined],
    ['skipped', 'skipped', new Error(''), undefined],
  ];
  for (const [what, status, error, expected] of cases) {
    it(`${what} -> ${expected ?? 'no category'}`, () => {
      assert.equal(categoryOf(status, details(error)), expected);
    });
  }

  it('a failed status is a product defect even when the message sounds like the lab', () => {
    assert.equal(categoryOf('failed', { message: 'expected no ETIMEDOUT in console log' }), PRODUCT_DEFECT);
  });

  it('a broken result without details is a harness error', () => {
    assert.equal(categoryOf('broken', undefined), HARNESS_ERROR);
  });
});
