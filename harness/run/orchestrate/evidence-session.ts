// The evidence of one scenario: tcpdump at every capture point of the lab (branch subnets,
// the headquarters side of the WAN) and the console log of every phone involved, copied from
// its web pages while it runs. Started before the scenario changes anything on the phones,
// stopped after; the files stay under the run's evidence directory.
import { access, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaptureFiles, RunningCapture } from '../../../drivers/capture/index.ts';
import { partName } from '../../../drivers/capture/index.ts';
import { ConsoleLogCollector } from '../../../drivers/phone/index.ts';
import { redactCaptureFile } from '../../evidence/pcap/index.ts';
import { redact, secretRegistry } from '../../lab/index.ts';
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';
import { safeName } from '../fixture/run-paths.ts';
import type { SyslogEvidenceFiles } from './log-server.ts';

export interface ScenarioEvidence {
  dir: string;
  captures: CaptureFiles[];
  /** phone name -> console log file */
  logs: Map<string, string>;
  /** Problems met while collecting: a capture that ended early, a log with gaps. */
  notes: string[];
  /** What the phones sent to pfslab as their Log Server (labs with a logServer section). */
  syslog?: SyslogEvidenceFiles;
}

export interface EvidenceSession {
  /** The pcap files being written now (read them while they grow: the reader stops cleanly at a cut packet). */
  liveFiles(): string[];
  stop(): Promise<ScenarioEvidence>;
}

export async function startEvidence(ctx: LabContext, phones: readonly LabPhone[], dir: string): Promise<EvidenceSession> {
  await mkdir(path.join(dir, 'logs'), { recursive: true });
  const running: RunningCapture[] = [];
  try {
    for (const c of ctx.captures) running.push(await c.start());
  } catch (e) {
    await Promise.allSettled(running.map((r) => r.stop()));
    throw e;
  }
  const collectors = phones.flatMap((p) => (p.web ? [{ phone: p, c: new ConsoleLogCollector(p.web, { dir: path.join(dir, 'logs'), from: 'now' }) }] : []));
  // 'now' needs a first poll to set the starting point; a phone that is off starts at its next boot.
  await Promise.allSettled(collectors.map(({ c }) => c.poll()));
  for (const { c } of collectors) c.follow({ intervalMs: 1000 });
  return {
    liveFiles: () => running.flatMap((r) => [...r.files]),
    async stop() {
      const notes: string[] = [];
      await Promise.all(collectors.map(({ c }) => c.stop()));
      // One last complete read after the phones are done: the final lines are in it.
      await Promise.allSettled(collectors.map(({ c }) => c.poll()));
      for (const { phone, c } of collectors) {
        for (const g of c.stats.gaps) notes.push(`${phone.name} console log: ${g.detail}`);
        // The evidence folder is part of the report output: no secret stays in it.
        const text = await readFile(c.file, 'utf8').catch(() => undefined);
        if (text !== undefined && redact(text) !== text) await writeFile(c.file, redact(text));
      }
      const captures: CaptureFiles[] = [];
      for (const r of running) {
        const files = await intoScenarioDir(dir, await r.stop());
        if (files.endedEarly) notes.push(`capture ${files.capture}: ${files.endedEarly}`);
        if (files.droppedByKernel > 0) notes.push(`capture ${files.capture}: the kernel dropped ${files.droppedByKernel} packet(s)`);
        // SNMP communities and the SSH password in config files cross the lab in clear.
        for (const f of files.files) {
          const masked = await redactCaptureFile(f, secretRegistry);
          if (masked > 0) notes.push(`capture ${files.capture}: ${masked} occurrence(s) of lab secrets masked in ${path.basename(f)}`);
        }
        captures.push(files);
      }
      return { dir, captures, logs: new Map(collectors.map(({ phone, c }) => [phone.name, c.file])), notes };
    },
  };
}

/**
 * A capture point's files moved into the scenario's folder as <capture point>.pcap (or
 * <capture point>.part1.pcap ... when its ring rotated, oldest first): one file per capture
 * point per scenario, named as README says. The driver wrote them under the run's evidence
 * folder with unique names; a name already taken in the folder keeps the driver's.
 */
async function intoScenarioDir(dir: string, c: CaptureFiles): Promise<CaptureFiles> {
  const base = `${safeName(c.capture)}.pcap`;
  const moved: string[] = [];
  for (const [i, file] of c.files.entries()) {
    const target = path.join(dir, c.files.length === 1 ? base : partName(base, i + 1));
    moved.push(await moveUnlessTaken(file, target));
  }
  return { ...c, files: moved };
}

async function moveUnlessTaken(file: string, target: string): Promise<string> {
  if (await access(target).then(() => true, () => false)) return file;
  try {
    await rename(file, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(file, target);
    await rm(file);
  }
  return target;
}
