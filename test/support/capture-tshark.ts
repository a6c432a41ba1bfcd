// tshark as the reference decoder for capture tests. tshark is a hard requirement of the
// test suite (installed by `npm run setup`): when it is missing, tests FAIL with that hint,
// they never skip, so a machine without it cannot pass the cross-checks by accident.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const TSHARK_CANDIDATES = ['/usr/bin/tshark', '/usr/local/bin/tshark'];

export function tsharkPath(): string {
  for (const p of TSHARK_CANDIDATES) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // try the next one
    }
  }
  const which = spawnSync('which', ['tshark'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found !== '') return found;
  throw new Error('tshark is not installed, but the capture tests cross-check against it: run `npm run setup`');
}

/** Runs tshark with the given arguments; returns stdout; throws with stderr on failure. */
export function tshark(args: string[]): string {
  const r = spawnSync(tsharkPath(), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tshark ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `tshark -r file -Y filter -T fields -e f1 -e f2 ...` as rows of strings (tab-separated columns). */
export function tsharkFields(file: string, filter: string, fields: string[], extra: string[] = []): string[][] {
  const args = ['-r', file, '-n', ...extra, '-T', 'fields', '-E', 'separator=/t'];
  if (filter !== '') args.push('-Y', filter);
  for (const f of fields) args.push('-e', f);
  const out = tshark(args);
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** Number of frames matching a display filter ('' = all frames). */
export function tsharkCount(file: string, filter: string): number {
  return tsharkFields(file, filter, ['frame.number']).length;
}

/** Frame numbers tshark reads from a damaged file (it exits non-zero) and what it said about the damage. */
export function tsharkReadDamaged(file: string): { frames: number; status: number | null; stderr: string } {
  const r = spawnSync(tsharkPath(), ['-r', file, '-n', '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  const frames = r.stdout.split('\n').filter((l) => l !== '').length;
  return { frames, status: r.status, stderr: r.stderr };
}
