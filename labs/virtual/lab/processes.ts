// PIDs checked before they are signalled: a PID from a state file may have been reused by
// an unrelated process since, so it is signalled only while its command line still names
// what the lab started.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Running (a zombie, dead but not yet reaped by its parent, counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** Alive and still running what `marker` names. */
export async function isOurs(pid: number, marker: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const cmd = await commandLine(pid);
  return cmd !== undefined && cmd.includes(marker);
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** SIGTERM, then SIGKILL after `graceMs`; only if the process is still ours. */
export async function stopProcess(pid: number, marker: string, graceMs: number): Promise<void> {
  if (!(await isOurs(pid, marker))) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForExit(pid, graceMs)) return;
  if (await isOurs(pid, marker)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    await waitForExit(pid, 2000);
  }
}
