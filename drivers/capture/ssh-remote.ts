// What is done on a capture host once tcpdump runs there: signal it through its PID file,
// wait for it to exit, copy its files back over SFTP, remove the remote directory. Used by
// stop() and by the undoer for a dead run's leftover.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SFTPWrapper } from 'ssh2';
import { finalPcapNames, isCaptureFile, ringIndex } from './capture-names.ts';
import { shellQuote, shScript } from './tcpdump-command.ts';
import type { SshSession } from './ssh-connect.ts';

/** Every remote capture directory looks like this; nothing else is ever removed. */
const REMOTE_DIR = /^\/tmp\/pfslab-capture-[A-Za-z0-9._-]+$/;

export function remoteCaptureDir(id: string): string {
  const dir = `/tmp/pfslab-capture-${id}`;
  if (!REMOTE_DIR.test(dir)) throw new Error(`capture id ${id} does not make a safe remote directory name`);
  return dir;
}

export const REMOTE_PID_FILE = 'tcpdump.pid';

function sudoPrefix(sudo: boolean): string {
  return sudo ? 'sudo -n ' : '';
}

/**
 * Sends `signal` to the capture's tcpdump (or to sudo, which relays it). Checks the PID's
 * command line names this capture's file first, so a reused PID is never signalled.
 * Returns false when no such process runs.
 */
export async function signalRemote(session: SshSession, dir: string, base: string, sudo: boolean, signal: 'INT' | 'KILL'): Promise<boolean> {
  const script = `pid=$(cat ${shellQuote(`${dir}/${REMOTE_PID_FILE}`)} 2>/dev/null) && [ -n "$pid" ] && grep -qF ${shellQuote(base)} /proc/$pid/cmdline 2>/dev/null && ${sudoPrefix(sudo)}kill -${signal} "$pid"`;
  return (await session.exec(shScript(script))).code === 0;
}

/** Waits (on the host) until the capture's process is gone; false if still there at the deadline. */
export async function waitRemoteGone(session: SshSession, dir: string, base: string, timeoutMs: number): Promise<boolean> {
  const tenths = Math.max(1, Math.ceil(timeoutMs / 100));
  const alive = `grep -qF ${shellQuote(base)} /proc/$pid/cmdline 2>/dev/null`;
  const script = `pid=$(cat ${shellQuote(`${dir}/${REMOTE_PID_FILE}`)} 2>/dev/null) || exit 0; i=0; while ${alive} && [ $i -lt ${tenths} ]; do sleep 0.1; i=$((i+1)); done; ! ${alive}`;
  return (await session.exec(shScript(script))).code === 0;
}

/** Total size of the capture's files on the host (for the quiet wait before SIGINT). */
export async function remoteCaptureBytes(sftp: SFTPWrapper, dir: string, base: string): Promise<number> {
  const list = await readdir(sftp, dir);
  return list.filter((e) => isCaptureFile(e.filename, base)).reduce((sum, e) => sum + (e.attrs.size ?? 0), 0);
}

/** Copies the capture's files into localDir, oldest first, under their .pcap names (finalPcapNames); returns the local paths. */
export async function copyBack(session: SshSession, dir: string, base: string, localDir: string): Promise<string[]> {
  const sftp = await session.sftp();
  const list = (await readdir(sftp, dir)).filter((e) => isCaptureFile(e.filename, base));
  list.sort((a, b) => a.attrs.mtime - b.attrs.mtime || ringIndex(a.filename, base) - ringIndex(b.filename, base));
  await mkdir(localDir, { recursive: true });
  const copied: string[] = [];
  for (const e of list) {
    const local = path.join(localDir, e.filename);
    await new Promise<void>((resolve, reject) => sftp.fastGet(`${dir}/${e.filename}`, local, (err) => (err ? reject(err) : resolve())));
    copied.push(local);
  }
  return finalPcapNames(copied, base);
}

export async function removeRemoteDir(session: SshSession, dir: string): Promise<void> {
  if (!REMOTE_DIR.test(dir)) throw new Error(`refusing to remove ${dir}: not a pfslab capture directory`);
  const r = await session.exec(shScript(`rm -rf ${shellQuote(dir)}`));
  if (r.code !== 0) throw new Error(`cannot remove ${dir} on ${session.label}: ${r.stderr.trim()}`);
}

export interface LeftoverSpec {
  remoteDir: string;
  base: string;
  localDir: string;
  sudo: boolean;
  stopTimeoutMs: number;
}

/** Stops a capture this process has no channel to (a dead run's), copies it back, cleans up. */
export async function collectRemoteCapture(session: SshSession, s: LeftoverSpec): Promise<string[]> {
  if ((await session.exec(shScript(`[ -d ${shellQuote(s.remoteDir)} ]`))).code !== 0) return [];
  if (await signalRemote(session, s.remoteDir, s.base, s.sudo, 'INT')) {
    if (!(await waitRemoteGone(session, s.remoteDir, s.base, s.stopTimeoutMs))) {
      await signalRemote(session, s.remoteDir, s.base, s.sudo, 'KILL');
      await waitRemoteGone(session, s.remoteDir, s.base, 2000);
    }
  }
  const files = await copyBack(session, s.remoteDir, s.base, s.localDir);
  await removeRemoteDir(session, s.remoteDir);
  return files;
}

function readdir(sftp: SFTPWrapper, dir: string): Promise<{ filename: string; attrs: { size: number; mtime: number } }[]> {
  return new Promise((resolve, reject) => sftp.readdir(dir, (err, list) => (err ? reject(err) : resolve(list))));
}
