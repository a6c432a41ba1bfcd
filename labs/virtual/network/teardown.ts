// Removing a virtual network: by name, not by memory of the process that made it, so the
// same code cleans up after a crashed run (kill -9 of the bring-up, a harness that died).
// What is ours: the names names.ts derives from the prefix, plus the namespaces listed in the
// prefix's state file, written before anything is created (it names the subnets of the run
// that wrote it, which may differ from the lab of the run that cleans up).
// Order matters: processes first (a process inside a namespace keeps it, and its links,
// alive after `ip netns del`), then the root link (its routes go with it, synchronously),
// then the namespaces (every veth with an end inside one goes with it).

import { mkdir, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { batch, run } from './ip-batch.ts';
import { ownsNamespace, rootLinkName } from './names.ts';

const NETNS_DIR = '/run/netns';
/** Under /run: gone after a reboot, exactly like the namespaces it describes. */
export const STATE_DIR = '/run/pfslab/network';

function stateFile(prefix: string): string {
  return `${STATE_DIR}/${prefix}namespaces.json`;
}

/** Records the namespaces a bring-up is about to create, so a crash cannot hide them. */
export async function recordNamespaces(prefix: string, namespaces: readonly string[]): Promise<void> {
  await mkdir(STATE_DIR, { recursive: true });
  await writeFile(stateFile(prefix), JSON.stringify(namespaces));
}

async function recordedNamespaces(prefix: string): Promise<string[]> {
  try {
    const list: unknown = JSON.parse(await readFile(stateFile(prefix), 'utf8'));
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

export async function listNamespaces(): Promise<string[]> {
  const result = await run('ip', ['netns', 'list']);
  return result.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** The namespaces of `prefix` that exist now; `subnets` names this run's subnets. */
export async function ownedNamespaces(prefix: string, subnets: readonly string[] = []): Promise<string[]> {
  const recorded = new Set(await recordedNamespaces(prefix));
  return (await listNamespaces()).filter((ns) => recorded.has(ns) || ownsNamespace(prefix, ns, subnets));
}

/** PIDs of every process whose network namespace is one of `namespaces` (a /proc scan: no process per namespace). */
export async function pidsInNamespaces(namespaces: readonly string[]): Promise<number[]> {
  const inodes = new Set<string>();
  for (const ns of namespaces) {
    try {
      inodes.add(`net:[${(await stat(`${NETNS_DIR}/${ns}`)).ino}]`);
    } catch {
      // already gone
    }
  }
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (inodes.has(await readlink(`/proc/${entry}/ns/net`))) pids.push(Number(entry));
    } catch {
      // exited meanwhile, or a kernel thread
    }
  }
  return pids;
}

async function killAndWait(pids: readonly number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 5000;
  let left = [...pids];
  while (left.length > 0 && Date.now() < deadline) {
    left = left.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    if (left.length > 0) await new Promise((r) => setTimeout(r, 20));
  }
}

/** Removes every namespace, root link, route and process of `prefix`. Idempotent. */
export async function removeNetwork(prefix: string, subnets: readonly string[] = []): Promise<void> {
  const namespaces = await ownedNamespaces(prefix, subnets);
  await killAndWait(await pidsInNamespaces(namespaces));
  await run('ip', ['link', 'del', rootLinkName(prefix)]);
  await batch(
    namespaces.map((ns) => `netns del ${ns}`),
    { force: true },
  );
  await rm(stateFile(prefix), { force: true });
}
