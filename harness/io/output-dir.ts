// Directories pfslab writes generated files into (`analyze --svg DIR`): a writable, ordinary
// directory, or one that can be made. Checked before any work, so that a bad one is bad
// input (exit 2) at once, not a hang or an error after the report.
import { constants } from 'node:fs';
import { access, stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { fileKindName } from './bounded-file.ts';

/** Kernel file systems whose "files" are interfaces, not storage (statfs f_type). */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x1cd1, 'devpts'],
  [0x73636673, 'securityfs'],
]);

/** Why `dir` cannot take generated files, or undefined when it can (it may not exist yet). */
export async function refuseOutputDir(dir: string): Promise<string | undefined> {
  const abs = path.resolve(dir);
  // The nearest part of the path that exists decides: it must be a writable directory on storage.
  let existing = abs;
  for (;;) {
    const st = await stat(existing).catch(() => undefined);
    if (st !== undefined) {
      if (!st.isDirectory()) return `${dir}: ${existing === abs ? '' : `${existing} `}is ${fileKindName(st)}, not a directory`;
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) return `${dir}: no part of the path exists`;
    existing = parent;
  }
  const fsType = await statfs(existing).then((s) => s.type, () => undefined);
  const pseudo = fsType === undefined ? undefined : PSEUDO_FILE_SYSTEMS.get(fsType);
  if (pseudo !== undefined) return `${dir}: ${existing} is on ${pseudo}, a kernel interface, not storage`;
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    return `${dir}: ${existing} is not writable`;
  }
  return undefined;
}
