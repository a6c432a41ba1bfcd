// The lease file on disk: its name, its format, and the few file-system operations the lease
// protocol is built from. Only operations that are atomic on a local file system AND on NFS
// (v3+) are used, because two machines may share one lease directory:
//   - link(tmp, path) creates `path` only if it does not exist, and the file appears whole
//     (an open('wx') + write would let a reader see it empty or half written);
//   - rename(tmp, path) replaces a file whole (renewal);
//   - rename(path, tombstone) removes a stale lease: of several takers exactly one wins it.
// No flock, no in-memory lock: the file system alone decides.
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface LeaseInfo {
  /** The lab's `name:`, the lease key. */
  lab: string;
  /** Who holds it, for humans: `user@host pid N` unless given. */
  owner: string;
  host: string;
  pid: number;
  /**
   * Which pids `pid` belongs to: boot id + pid namespace on Linux, '' elsewhere. A dead pid
   * only frees the lease when host AND pidSpace match ours: a container sharing the host's
   * name (docker --net=host) has pids of its own, and a rebooted host has new ones.
   */
  pidSpace: string;
  purpose: string;
  /** Random, unique per acquisition: the only thing that says "this lease is mine". */
  token: string;
  acquiredAt: string;
  renewedAt: string;
  ttlMs: number;
  /** renewedAt + ttlMs, written for humans; expiry is computed from renewedAt + ttlMs. */
  expiresAt: string;
  /** etcd store: the key's create revision (the lease's fence). Not in lease files. */
  revision?: string;
}

export class LeaseError extends Error {
  override readonly name: string = 'LeaseError';
}

/** A lease file that is not a lease: never overwritten silently, an operator must break it. */
export class LeaseFileError extends LeaseError {
  override readonly name = 'LeaseFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: not a valid lease file: ${problem}; if no run holds this lab, remove it with breakLease (pfslab --force)`);
  }
}

const LAB_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/; // as the lab schema's refName: safe as a file name

export function leasePath(lab: string, dir: string): string {
  if (!LAB_NAME.test(lab)) throw new LeaseError(`'${lab}' is not a lab name (letters, digits, "_", "." or "-"): cannot lease it`);
  return path.join(dir, `${lab}.lease`);
}

export const newToken = (): string => randomBytes(12).toString('hex');

export function expiryMs(info: LeaseInfo): number {
  return Date.parse(info.renewedAt) + info.ttlMs;
}

/** Parses and checks a lease file's text; throws LeaseFileError saying what is wrong. */
export function parseLease(file: string, text: string, lab: string): LeaseInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new LeaseFileError(file, text.trim() === '' ? 'the file is empty' : `not JSON: ${JSON.stringify(text.slice(0, 60))}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new LeaseFileError(file, 'expected a JSON object');
  const o = raw as Record<string, unknown>;
  const bad: string[] = [];
  for (const k of ['lab', 'owner', 'host', 'purpose', 'token', 'pidSpace'] as const) if (typeof o[k] !== 'string') bad.push(`${k} (a string)`);
  if (typeof o.token === 'string' && o.token === '') bad.push('token (not empty)');
  if (!Number.isInteger(o.pid) || (o.pid as number) <= 0) bad.push('pid (a positive integer)');
  if (typeof o.ttlMs !== 'number' || !(o.ttlMs > 0)) bad.push('ttlMs (a positive number)');
  for (const k of ['acquiredAt', 'renewedAt', 'expiresAt'] as const) if (typeof o[k] !== 'string' || Number.isNaN(Date.parse(o[k]))) bad.push(`${k} (an ISO time)`);
  if (bad.length > 0) throw new LeaseFileError(file, `missing or wrong field(s): ${bad.join(', ')}`);
  if (o.lab !== lab) throw new LeaseFileError(file, `it is the lease of lab '${String(o.lab)}', not '${lab}'`);
  return o as unknown as LeaseInfo;
}

/** The lease in `file`, or undefined if there is none. Throws LeaseFileError on garbage. */
export async function readLeaseFile(file: string, lab: string): Promise<LeaseInfo | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseLease(file, text, lab);
}

/** Writes `info` to a private temporary file beside `file`, fsync'd; returns its path. */
async function writeTemp(file: string, info: LeaseInfo): Promise<string> {
  const tmp = `${file}.${info.token}.${newToken()}.tmp`;
  const fd = await open(tmp, 'wx');
  try {
    await fd.writeFile(JSON.stringify(info, null, 2) + '\n');
    await fd.sync();
  } finally {
    await fd.close();
  }
  return tmp;
}

/** Creates `file` holding `info` if no file is there: true if created, false if one exists. */
export async function createExclusive(file: string, info: LeaseInfo): Promise<boolean> {
  const tmp = await writeTemp(file, info);
  try {
    await link(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Replaces `file` whole with `info` (a reader sees the old or the new lease, never a mix). */
export async function replaceWhole(file: string, info: LeaseInfo): Promise<void> {
  const tmp = await writeTemp(file, info);
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/**
 * Removes the lease `expected` (read from `file` earlier) from `file`, if it is still there.
 * The rename to a tombstone is what makes takers exclusive: of several, one wins it. Between
 * our read and our rename another taker may have replaced the stale lease with its own live
 * one; the tombstone is read back to catch that, and the live lease is put back.
 * Returns true when the expected lease was removed by us.
 */
export async function retire(file: string, expected: string, lab: string): Promise<boolean> {
  const tomb = `${file}.${newToken()}.stale`;
  try {
    await rename(file, tomb);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; // another taker won it
    throw e;
  }
  let removed: LeaseInfo | undefined;
  try {
    removed = parseLease(tomb, await readFile(tomb, 'utf8'), lab);
  } catch {
    removed = undefined;
  }
  if (removed?.token === expected) {
    await unlink(tomb).catch(() => undefined);
    return true;
  }
  // Not the lease we judged stale: put it back. If a third run created a lease in the
  // meantime, the one we moved is lost to its holder, whose next renewal will say so.
  await link(tomb, file).catch(() => undefined);
  await unlink(tomb).catch(() => undefined);
  return false;
}

/**
 * The right to take over the stale lease `staleToken`: created exclusively, so one taker
 * alone gets it, and kept until the lease it led to is released. Without it, a slow taker
 * that read the stale lease could retire the lease a faster taker just created (the file
 * name is the same, a rename cannot check what it moves).
 */
export const takeoverClaim = (file: string, staleToken: string): string => `${file}.${staleToken}.takeover`;

export async function claimTakeover(file: string, staleToken: string, claimant: LeaseInfo): Promise<boolean> {
  return createExclusive(takeoverClaim(file, staleToken), claimant);
}

/** Removes `file` whatever it holds (breakLease). True if there was one. */
export async function removeFile(file: string): Promise<boolean> {
  try {
    await unlink(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** This process's pid space (see LeaseInfo.pidSpace). */
export const PID_SPACE: string = (() => {
  try {
    return `${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}/${readlinkSync('/proc/self/ns/pid')}`;
  } catch {
    return '';
  }
})();

/** Whether `pid` names a live process here. EPERM: it exists but is someone else's. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export function defaultOwner(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? `uid ${process.getuid?.() ?? '?'}`; // no passwd entry (containers)
  }
  return `${user}@${os.hostname()} pid ${process.pid}`;
}
