// The lab did not reach a known, quiet state before the suites: a lab or infrastructure
// problem (reports/README.md), never a product defect. Its class name is in the report's
// LAB_ERROR_CLASSES, so whatever hook throws it is categorized as the lab's fault.
import type { HealthReport } from './health-report.ts';
import { problems } from './health-report.ts';

export class LabUnhealthyError extends Error {
  override name = 'LabUnhealthyError';
  constructor(
    readonly report: HealthReport,
    readonly why: string,
  ) {
    super(`lab health check: ${why}:\n${problems(report).map((p) => `  ${p}`).join('\n')}`);
  }
}
