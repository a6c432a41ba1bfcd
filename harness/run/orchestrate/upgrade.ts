// One upgrade scenario, the way an engineer runs it on a real lab: phones back on the
// baseline, PFS and the target load set in CUCM, captures and console logs running, every
// phone rebooted at once, then wait until each shows the target load, and read what the
// lab emitted (harness/pfs). Failures of the product (a phone never reaching the target)
// are outcomes for the suite to judge; failures of the lab or harness throw.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisResult } from '../../pfs/analysis-types.ts';
import type { PhoneCrossCheck } from '../../evidence/syslog/index.ts';
import type { PhoneConfigFile } from '../../../drivers/tftp/index.ts';
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';
import { safeName } from '../fixture/run-paths.ts';
import type { AnalysisFiles, ReadCaptures } from './analyze-evidence.ts';
import { analyzeEvidence } from './analyze-evidence.ts';
import { bringBackToBaseline } from './bring-back.ts';
import { upgradeDeadline } from './deadline.ts';
import type { ScenarioEvidence } from './evidence-session.ts';
import { startEvidence } from './evidence-session.ts';
import type { LogServerStart } from './log-server.ts';
import { startLogServer } from './log-server.ts';
import { targetLoadOf } from './loads-of.ts';
import { PhaseClock } from './phase-clock.ts';
import type { Phase } from './phase-clock.ts';
import { progressLine } from './progress.ts';
import { pointPhones } from './set-phones.ts';
import { rebootPhones } from './trigger.ts';
import type { LoadOutcome } from './wait-loads.ts';
import { waitForLoads } from './wait-loads.ts';

export type PfsChoice = 'Enabled' | 'Disabled';

export interface UpgradeScenario {
  /** Names the evidence folder, and caches the run: suites asking for the same scenario share it. */
  id: string;
  title: string;
  phones(ctx: LabContext): LabPhone[];
  pfs(phone: LabPhone, ctx: LabContext): PfsChoice;
  /** Runs while the phones upgrade (e.g. pull a parent's plug); aborted when the upgrade ends. */
  during?(u: DuringUpgrade): Promise<DuringReport>;
}

export interface DuringUpgrade {
  ctx: LabContext;
  phones: readonly LabPhone[];
  evidenceDir: string;
  /** The pcap files being written at each capture point, growing. */
  liveCaptures(): string[];
  signal: AbortSignal;
}

export interface DuringReport {
  /** What was done and when, for the report. */
  actions: { at: number; what: string; phone?: string; children?: string[] }[];
}

export interface UpgradeRun {
  id: string;
  title: string;
  phones: LoadOutcome[];
  /** Phone name -> PFS as set. */
  pfs: Map<string, PfsChoice>;
  /** Addresses of the phones set to PFS Enabled (the analysis speaks in addresses). */
  pfsIps: Set<string>;
  /** Phone name -> its config file as read from TFTP just before the reboot. */
  configs: Map<string, PhoneConfigFile>;
  /** Phones that first had to be brought back to the baseline. */
  broughtBack: string[];
  startedAt: number;
  finishedAt: number;
  deadlineMs: number;
  evidence: ScenarioEvidence;
  /** The captures as read for the analysis. */
  captures: ReadCaptures;
  analysis: AnalysisResult;
  files: AnalysisFiles & { outcomes: string };
  during?: DuringReport;
  /** Each phone's syslog stream vs its console log (labs with a logServer section). */
  syslogCheck?: PhoneCrossCheck[];
  /** Where the scenario's time went, step by step (also in outcomes.json and the log). */
  phases: Phase[];
}

export async function runUpgrade(ctx: LabContext, scenario: UpgradeScenario): Promise<UpgradeRun> {
  const phones = scenario.phones(ctx);
  if (phones.length === 0) throw new Error(`scenario '${scenario.title}': ${ctx.lab.file} has no phones for it`);
  const dir = path.join(ctx.paths.evidenceDir, safeName(scenario.id));
  ctx.log(`scenario ${scenario.title}: ${phones.length} phone(s)`);
  const clock = new PhaseClock();

  const broughtBack = await bringBackToBaseline(ctx, phones, scenario.title);
  clock.mark('back to the baseline');
  const pfs = new Map(phones.map((p) => [p.name, scenario.pfs(p, ctx)]));
  const target = (p: LabPhone): string => targetLoadOf(ctx.lab, p.model);
  const configs = await pointPhones(ctx, phones, (p) => ({ load: target(p), pfs: pfs.get(p.name) ?? 'Disabled' }));
  clock.mark('CUCM and config files');

  const evidence = await startEvidence(ctx, phones, dir);
  clock.mark('evidence started');
  let logServer: LogServerStart;
  try {
    logServer = await startLogServer(ctx, phones, dir);
  } catch (e) {
    await evidence.stop();
    throw e;
  }
  clock.mark('Log Server');
  const estimate = upgradeDeadline(ctx, phones, target);
  const startedAt = Date.now();
  const deadline = startedAt + estimate.ms;
  let outcomes: LoadOutcome[] = [];
  let during: DuringReport | undefined;
  let failure: unknown;
  const stopDuring = new AbortController();
  try {
    await rebootPhones(ctx, phones);
    clock.mark('reboot');
    const duringRun = scenario.during?.({ ctx, phones, evidenceDir: dir, liveCaptures: () => evidence.liveFiles(), signal: stopDuring.signal });
    outcomes = await waitForLoads(phones, target, { since: startedAt, deadline, progress: progressLine(scenario.title) });
    stopDuring.abort();
    during = await duringRun;
    // The last children are still closing connections and writing their last lines.
    await new Promise((r) => setTimeout(r, 1500));
    clock.mark('upgrade');
  } catch (e) {
    failure = e;
  }
  // Evidence is kept whatever happened: it is what explains a failure.
  stopDuring.abort();
  const ev = await evidence.stop();
  const syslog = await logServer?.session?.stop();
  if (syslog) ev.syslog = syslog;
  if (logServer?.note !== undefined) ev.notes.push(logServer.note);
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(`the upgrade failed: ${JSON.stringify(failure)}`);
  clock.mark('evidence stopped');
  const finishedAt = Date.now();
  const pfsEnabledIps = new Set(phones.filter((p) => pfs.get(p.name) === 'Enabled').map((p) => p.ip));
  const { analysis, files, captures, syslogCheck } = await analyzeEvidence(ev, ctx.facts, pfsEnabledIps);
  clock.mark('analysis');
  const outcomesFile = path.join(dir, 'outcomes.json');
  await writeFile(outcomesFile, JSON.stringify({ scenario: scenario.title, deadlineMs: estimate.ms, estimate: estimate.reason, startedAt, finishedAt, phones: outcomes, during, phases: clock.list() }, null, 2));
  const reached = outcomes.filter((o) => o.reached).length;
  const lastMs = Math.max(0, ...outcomes.map((o) => o.afterMs ?? 0));
  progressLine(scenario.title).done(`${reached}/${phones.length} phones on the target, the last ${Math.round(lastMs / 1000)} s after the reboot`);
  ctx.log(`scenario ${scenario.title}: ${clock.summary()}`);
  return {
    id: scenario.id,
    title: scenario.title,
    phones: outcomes,
    pfs,
    pfsIps: pfsEnabledIps,
    configs,
    broughtBack: broughtBack.map((p) => p.name),
    startedAt,
    finishedAt,
    deadlineMs: estimate.ms,
    evidence: ev,
    captures,
    analysis,
    files: { ...files, outcomes: outcomesFile },
    ...(during ? { during } : {}),
    ...(syslogCheck ? { syslogCheck } : {}),
    phases: clock.list(),
  };
}
