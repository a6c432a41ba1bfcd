// The health check a pool runs before it gives a lab to a run: ONE function. A real lab gets
// the lab health check (harness/run/health, `pfslab lab health`), one look long enough to see
// the consoles quiet; a virtual lab is healthy unless it is running and `lab status` finds an
// endpoint down (a virtual lab that is not running is brought up by the run itself, and the
// run's own health check, after its journal replay, decides before any suite).
import net from 'node:net';
import path from 'node:path';
import type { LoadedLab } from '../../lab/index.ts';
import { isOurs, probeLab, readState } from '../../../labs/virtual/lab/index.ts';
import { runPaths } from '../fixture/run-paths.ts';

export interface HealthVerdict {
  healthy: boolean;
  /** One line: what was checked, or what failed and where. */
  detail: string;
}

export type LabHealthCheck = (lab: LoadedLab) => Promise<HealthVerdict>;

const CONNECT_MS = 3000;

export const checkLabHealth: LabHealthCheck = async (lab) => (lab.spec.kind === 'virtual' ? virtualHealth(lab) : realHealth(lab));

/** The lab health check of a run, without the wait for a settling lab: a pool takes the next lab instead. */
async function realHealth(lab: LoadedLab): Promise<HealthVerdict> {
  // Reachability first: a lab whose devices do not answer is said in a line, quickly.
  const reach = await realReachability(lab);
  if (!reach.healthy) return reach;
  const { bindDrivers } = await import('../fixture/lab-context.ts');
  const { DEFAULT_HEALTH, LabHealthCheck: Check, LabUnhealthyError, problems } = await import('../health/index.ts');
  const { cucm, poe, phones } = await bindDrivers(lab);
  const check = new Check(
    { lab, cucm, poe, phones, journalFile: runPaths().journalFile(lab.spec.name) },
    { deadlineMs: DEFAULT_HEALTH.quietMs + 2 * DEFAULT_HEALTH.intervalMs },
  );
  try {
    await check.waitHealthy();
    return { healthy: true, detail: 'lab health check passed' };
  } catch (e) {
    if (!(e instanceof LabUnhealthyError)) throw e;
    const why = problems(e.report);
    return { healthy: false, detail: `lab health check: ${e.why}${why.length > 0 ? ` (${why.join('; ')})` : ''}` };
  } finally {
    await cucm.close().catch(() => undefined);
    poe.close();
  }
}

async function virtualHealth(lab: LoadedLab): Promise<HealthVerdict> {
  const state = await readState(runPaths().labStateFile).catch(() => undefined);
  if (!state || !(await isOurs(state.controllerPid, state.controllerMarker))) return { healthy: true, detail: 'virtual lab not running: the run brings it up' };
  if (path.resolve(state.labFile) !== path.resolve(lab.file)) return { healthy: true, detail: `another virtual lab (${state.labFile}) is up; the run uses its own` };
  if (state.status !== 'ready' || !state.endpoints) return { healthy: false, detail: `virtual lab still starting (controller ${state.controllerPid})` };
  const down = (await probeLab(state.endpoints, lab)).filter((r) => r.required && !r.ok);
  return down.length === 0 ? { healthy: true, detail: 'lab status: every endpoint answers' } : { healthy: false, detail: `lab status: ${down.map((r) => `${r.endpoint} ${r.target} ${r.detail}`).join('; ')}` };
}

async function realReachability(lab: LoadedLab): Promise<HealthVerdict> {
  const cucm = new URL(lab.spec.cucm.url);
  const targets = [
    { what: 'CUCM', host: cucm.hostname, port: Number(cucm.port || (cucm.protocol === 'https:' ? 443 : 80)) },
    ...lab.spec.phones.map((p) => ({ what: p.name, host: p.ip, port: 80 })),
  ];
  const results = await Promise.all(targets.map(async (t) => ({ ...t, error: await connect(t.host, t.port) })));
  const bad = results.filter((r) => r.error !== undefined);
  return bad.length === 0
    ? { healthy: true, detail: `CUCM and ${lab.spec.phones.length} phone(s) reachable` }
    : { healthy: false, detail: `unreachable: ${bad.map((r) => `${r.what} ${r.host}:${r.port} (${r.error})`).join(', ')}` };
}

function connect(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (why: string | undefined): void => {
      s.destroy();
      resolve(why);
    };
    s.setTimeout(CONNECT_MS, () => done(`no answer in ${CONNECT_MS / 1000} s`));
    s.once('connect', () => done(undefined));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}
