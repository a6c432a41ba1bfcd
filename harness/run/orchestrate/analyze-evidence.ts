// Turns a scenario's evidence into the PFS analysis (harness/pfs) and writes what a person
// reads next to the raw files: the text report, the JSON, one SVG per file tree.
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readConsoleLog } from '../../evidence/console/index.ts';
import { readCapture } from '../../evidence/pcap/index.ts';
import type { CaptureSummary } from '../../evidence/pcap/index.ts';
import { analyzePfs } from '../../pfs/analyze.ts';
import type { AnalysisResult } from '../../pfs/analysis-types.ts';
import type { PhoneLog } from '../../pfs/evidence-set.ts';
import type { LabFacts } from '../../pfs/inventory.ts';
import { renderJson } from '../../pfs/render/json.ts';
import { renderTreeSvg, svgFileName } from '../../pfs/render/svg.ts';
import { renderText } from '../../pfs/render/text.ts';
import type { ScenarioEvidence } from './evidence-session.ts';
import type { PhoneCrossCheck } from '../../evidence/syslog/index.ts';
import { renderCrossCheck } from '../../evidence/syslog/index.ts';
import { crossCheckSyslog, logsForAnalysis, readSyslogInputs } from '../commands/syslog-logs.ts';

/** Each capture file as read, with the capture point it came from (suites look at flows too). */
export type ReadCaptures = { capture: string; summary: CaptureSummary }[];

export interface AnalysisFiles {
  text: string;
  json: string;
  svgs: string[];
  /** The syslog / console-log cross-check (text and JSON), when the phones sent syslog. */
  syslogCheck?: { text: string; json: string };
}

export async function analyzeEvidence(
  ev: ScenarioEvidence,
  facts: LabFacts,
  pfsEnabled: ReadonlySet<string>,
): Promise<{ analysis: AnalysisResult; files: AnalysisFiles; captures: ReadCaptures; syslogCheck?: PhoneCrossCheck[] }> {
  const read: ReadCaptures = [];
  for (const c of ev.captures) for (const f of c.files) if (existsSync(f)) read.push({ capture: c.capture, summary: await readCapture(f) });
  const captures: CaptureSummary[] = read.map((r) => r.summary);
  const logs: PhoneLog[] = [];
  for (const [name, file] of ev.logs) {
    if (!existsSync(file)) continue;
    const ip = facts.phones.find((p) => p.name === name)?.ip;
    logs.push({ log: await readConsoleLog(file), ...(ip ? { phone: ip } : {}) });
  }
  // What the phones sent as syslog: read like console logs, cross-checked with the web copies.
  const syslogs = ev.syslog ? await readSyslogInputs([...ev.syslog.files.values()], facts) : [];
  const analysis = analyzePfs({ captures, logs: logsForAnalysis(logs, syslogs), pfsEnabled }, facts);
  let syslogCheck: PhoneCrossCheck[] | undefined;
  let syslogFiles: AnalysisFiles['syslogCheck'];
  if (ev.syslog) {
    // A phone with a console log and no syslog line is listed too: its silence is the finding.
    syslogCheck = crossCheckSyslog(syslogs, logs, facts);
    syslogFiles = { text: path.join(ev.dir, 'syslog-crosscheck.txt'), json: path.join(ev.dir, 'syslog-crosscheck.json') };
    await writeFile(syslogFiles.text, renderCrossCheck(syslogCheck));
    await writeFile(syslogFiles.json, `${JSON.stringify(syslogCheck, null, 2)}\n`);
  }
  const text = path.join(ev.dir, 'pfs-analysis.txt');
  const json = path.join(ev.dir, 'pfs-analysis.json');
  await writeFile(text, renderText(analysis));
  await writeFile(json, renderJson(analysis));
  const svgs: string[] = [];
  for (const tree of analysis.files) {
    const file = path.join(ev.dir, svgFileName(tree));
    await writeFile(file, await renderTreeSvg(tree));
    svgs.push(file);
  }
  return { analysis, files: { text, json, svgs, ...(syslogFiles ? { syslogCheck: syslogFiles } : {}) }, captures: read, ...(syslogCheck ? { syslogCheck } : {}) };
}
