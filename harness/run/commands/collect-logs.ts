// Console logs named on the command line: files, or directories searched recursively.
// Which phone a log belongs to comes from its path (a folder or file named by the phone's
// IP or SEP<MAC>), as the phone-log collector lays logs out.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PhoneLog } from '../../pfs/evidence-set.ts';
import type { LabFacts } from '../../pfs/inventory.ts';
import { readConsoleLog } from '../../evidence/console/index.ts';
import { fileKindName } from '../../io/bounded-file.ts';
import { BadInputError } from './bad-input.ts';

const LOG_FILE = /\.(log|txt)$/i;
const IP_IN_PATH = /(?:^|[^\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d])/;
const SEP_IN_PATH = /SEP([0-9A-F]{12})/i;

export async function collectLogs(inputs: string[], facts: LabFacts | undefined): Promise<PhoneLog[]> {
  const files: string[] = [];
  for (const input of inputs) files.push(...(await logFilesUnder(input)));
  const logs: PhoneLog[] = [];
  for (const file of files.sort()) {
    const log = await readConsoleLog(file).catch((e: Error) => {
      throw new BadInputError(e.message);
    });
    logs.push({ log, phone: phoneFromPath(file, facts) });
  }
  return logs;
}

async function logFilesUnder(input: string): Promise<string[]> {
  const info = await stat(input).catch((e: NodeJS.ErrnoException) => {
    throw new BadInputError(`${input}: cannot read console logs here (${e.code ?? e.message})`);
  });
  if (info.isFile()) return [input];
  if (!info.isDirectory()) throw new BadInputError(`${input}: is ${fileKindName(info)}; console logs are read from regular files or directories`);
  const entries = await readdir(input, { recursive: true, withFileTypes: true });
  // pfslab's syslog evidence (<phone>.syslog.log) is read with --syslog, not as a console log.
  return entries.filter((e) => e.isFile() && LOG_FILE.test(e.name) && !e.name.endsWith('.syslog.log')).map((e) => path.join(e.parentPath, e.name));
}

export function phoneFromPath(file: string, facts: LabFacts | undefined): string | undefined {
  const sep = SEP_IN_PATH.exec(file)?.[1];
  if (sep !== undefined) {
    const byName = facts?.phones.find((p) => p.name.toUpperCase() === `SEP${sep.toUpperCase()}`);
    if (byName) return byName.ip;
  }
  return IP_IN_PATH.exec(file)?.[1];
}

