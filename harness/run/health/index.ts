// The lab health check: is the lab in a known, quiet state a run can start from (health-check.ts).
export { LabUnhealthyError } from './errors.ts';
export type { HealthCheckTarget, HealthOptions } from './health-check.ts';
export { DEFAULT_HEALTH, LabHealthCheck } from './health-check.ts';
export type { HealthReport, HealthRow, HealthState } from './health-report.ts';
export { devicesNotOk, healthReport, problems, renderHealthTable } from './health-report.ts';
export { knownLoadsOf } from './phone-probe.ts';
