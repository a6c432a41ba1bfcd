// Roots as the phones' own console logs name them: `@@@HROOT:... m=MODEL ROOT=IP /dnld/FILE`.
// The published line names a .loads manifest, so a root logged for a manifest is taken as
// root for every component of that load [inferred, pfs-reference §3].
import type { PhoneLog } from './evidence-set.ts';
import { isManifest } from './file-names.ts';

export interface LoggedRoot {
  /** The file the election was for: a component file, or a manifest name (covers its load). */
  file: string;
  manifest: boolean;
  rootIp: string;
  model: string;
  source: string;
  line: number;
}

export function loggedRoots(logs: PhoneLog[]): LoggedRoot[] {
  const out: LoggedRoot[] = [];
  for (const { log } of logs) {
    for (const ev of log.events) {
      if (ev.type !== 'hroot') continue;
      out.push({ file: ev.file, manifest: isManifest(ev.file), rootIp: ev.rootIp, model: ev.model, source: log.source, line: ev.line });
    }
  }
  return out;
}

/** The logged roots that speak for `file`: elected for it, or for a manifest that covers it. */
export function rootsForFile(roots: LoggedRoot[], file: string, manifestCovers: (manifest: string) => boolean): LoggedRoot[] {
  return roots.filter((r) => (r.manifest ? manifestCovers(r.file) : r.file === file));
}
