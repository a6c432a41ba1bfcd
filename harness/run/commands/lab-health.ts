// `pfslab lab health [--lab FILE]`: the health check a run passes before its suites
// (harness/run/health), by hand. Waits for a settling lab up to --wait seconds (default: one
// look long enough to see the console logs quiet), prints one row per device and check.
// Exit 0 healthy, 1 not (the table says which device and why), 2 the lab description is broken.
// Read-only: it neither replays a journal nor changes a setting (`pfslab lab restore` does).
import type { Io } from './analyze.ts';
import { loadLab, validateLabCommand } from '../../lab/index.ts';
import { bindDrivers } from '../fixture/lab-context.ts';
import { runPaths } from '../fixture/run-paths.ts';
import { DEFAULT_HEALTH, LabHealthCheck, LabUnhealthyError, renderHealthTable } from '../health/index.ts';
import type { HealthReport } from '../health/index.ts';

export interface LabHealthOptions {
  lab: string;
  /** Seconds a settling lab is waited for; default just over quietMs (one quiet window). */
  waitS?: number;
  /** Seconds a console log must stay unchanged; default 5. */
  quietS?: number;
  json?: boolean;
}

export const EXIT_HEALTHY = 0;
export const EXIT_UNHEALTHY = 1;
export const EXIT_BAD_LAB = 2;

export async function runLabHealth(opts: LabHealthOptions, io: Io): Promise<number> {
  const validation = await validateLabCommand(opts.lab);
  if (validation.exitCode !== 0) {
    io.err(validation.output.endsWith('\n') ? validation.output : `${validation.output}\n`);
    return EXIT_BAD_LAB;
  }
  const paths = runPaths({ ...process.env, PFSLAB_LAB: opts.lab });
  const lab = await loadLab(paths.labFile);
  const { cucm, poe, phones } = await bindDrivers(lab);
  const quietMs = (opts.quietS ?? DEFAULT_HEALTH.quietMs / 1000) * 1000;
  const check = new LabHealthCheck(
    { lab, cucm, poe, phones, journalFile: paths.journalFile(lab.spec.name) },
    { quietMs, deadlineMs: opts.waitS !== undefined ? opts.waitS * 1000 : quietMs + 2 * DEFAULT_HEALTH.intervalMs },
  );
  let report: HealthReport;
  let why = '';
  try {
    report = await check.waitHealthy();
  } catch (e) {
    if (!(e instanceof LabUnhealthyError)) throw e;
    report = e.report;
    why = e.why;
  } finally {
    await cucm.close().catch(() => undefined);
    poe.close();
  }
  if (opts.json) {
    io.out(`${JSON.stringify({ lab: lab.spec.name, healthy: report.healthy, why: why || undefined, rows: report.rows }, null, 2)}\n`);
  } else {
    io.out(`lab ${lab.spec.name}: ${report.healthy ? 'HEALTHY' : `NOT HEALTHY: ${why}`}\n`);
    io.out(renderHealthTable(report));
  }
  return report.healthy ? EXIT_HEALTHY : EXIT_UNHEALTHY;
}
