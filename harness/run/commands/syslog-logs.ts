// Syslog evidence beside console logs, for `pfslab analyze --syslog` and for a run's
// analysis: read the files, say which phone each is, cross-check each phone's syslog stream
// with its web-collected console log, and choose the log the PFS analysis reads (the console
// log where there is one, else the syslog stream: the same lines, read the same way).
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ParsedConsoleLog } from '../../evidence/console/types.ts';
import { crossCheckPhone, EvidenceFormatError, readSyslogEvidence, syslogAsConsoleLog } from '../../evidence/syslog/index.ts';
import type { PhoneCrossCheck, SyslogEvidence } from '../../evidence/syslog/index.ts';
import type { PhoneLog } from '../../pfs/evidence-set.ts';
import type { LabFacts } from '../../pfs/inventory.ts';
import { BadInputError } from './bad-input.ts';
import { phoneFromPath } from './collect-logs.ts';

export interface SyslogLog {
  /** The phone's address, when known (file name, lab, or the datagrams' source). */
  phone?: string;
  evidence: SyslogEvidence;
  log: ParsedConsoleLog;
}

const SYSLOG_FILE = /\.syslog\.log$/;

/** Files, or directories searched for *.syslog.log; an unreadable or malformed file is bad input (exit 2). */
export async function readSyslogInputs(inputs: readonly string[], facts: LabFacts | undefined): Promise<SyslogLog[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch((e: NodeJS.ErrnoException) => {
      throw new BadInputError(`${input}: cannot read syslog evidence here (${e.code ?? e.message})`);
    });
    if (info.isFile()) files.push(input);
    else files.push(...(await readdir(input, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && SYSLOG_FILE.test(e.name)).map((e) => path.join(e.parentPath, e.name)));
  }
  const out: SyslogLog[] = [];
  for (const file of files.sort()) {
    const evidence = await readSyslogEvidence(file).catch((e: Error) => {
      throw e instanceof EvidenceFormatError ? new BadInputError(e.message) : e;
    });
    const source = evidence.datagrams[0]?.source.replace(/:\d+$/, '');
    const phone = phoneFromPath(path.basename(file), facts) ?? source;
    out.push({ ...(phone !== undefined ? { phone } : {}), evidence, log: syslogAsConsoleLog(evidence) });
  }
  return out;
}

/** One result per phone that has a syslog stream or a console log (phones named by address). */
export function crossCheckSyslog(syslogs: readonly SyslogLog[], consoleLogs: readonly PhoneLog[], facts?: LabFacts): PhoneCrossCheck[] {
  const phones = new Set<string>();
  for (const s of syslogs) if (s.phone) phones.add(s.phone);
  for (const c of consoleLogs) if (c.phone) phones.add(c.phone);
  return [...phones].sort().map((ip) => {
    const name = facts?.phones.find((p) => p.ip === ip)?.name;
    return crossCheckPhone(name ? `${name} (${ip})` : ip, syslogs.find((s) => s.phone === ip)?.log, consoleLogs.find((c) => c.phone === ip)?.log);
  });
}

/** The console logs, plus the syslog stream of each phone that has no console log. */
export function logsForAnalysis(consoleLogs: readonly PhoneLog[], syslogs: readonly SyslogLog[]): PhoneLog[] {
  const have = new Set(consoleLogs.map((c) => c.phone).filter((p) => p !== undefined));
  return [...consoleLogs, ...syslogs.filter((s) => s.phone === undefined || !have.has(s.phone)).map((s) => ({ log: s.log, ...(s.phone ? { phone: s.phone } : {}) }))];
}
