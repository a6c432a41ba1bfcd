// The lab-wide part of the health check: CUCM answers, no change of a dead run is left in the
// teardown journal (so CUCM's settings and the ports are at the journal's baseline: each undo
// step was read back when it was replayed), and no capture of another run is in flight on
// this host (a tcpdump writing one of this lab's capture files, started by another process).
import { readdir, readFile, stat } from 'node:fs/promises';
import type { LoadedLab } from '../../lab/index.ts';
import { pendingEntries } from '../../lab/index.ts';
import type { CucmDriver } from '../../../drivers/cucm/index.ts';
import { CucmFieldMissingError } from '../../../drivers/cucm/index.ts';
import type { HealthRow } from './health-report.ts';

export async function cucmRow(cucm: CucmDriver, timeoutMs: number): Promise<HealthRow> {
  try {
    const s = await withTimeout(cucm.getPfs('enterprise'), timeoutMs, 'CUCM did not answer');
    return { device: 'cucm', check: 'settings', state: 'ok', detail: `answers; enterprise PFS ${s.value}` };
  } catch (e) {
    // CUCM answered with a page that has no Peer Firmware Sharing field: that is a fact of the
    // product (CSCsh20977 removes it from the Enterprise page), not a CUCM still starting.
    // Waiting for the field to appear would only end at the deadline.
    if (e instanceof CucmFieldMissingError) {
      return { device: 'cucm', check: 'settings', state: 'ok', detail: `answers; ${e.message}` };
    }
    return { device: 'cucm', check: 'settings', state: 'settling', detail: `not read: ${(e as Error).message}` };
  }
}

export async function journalRow(journalFile: string): Promise<HealthRow> {
  try {
    const left = await pendingEntries(journalFile);
    if (left.length === 0) return { device: 'journal', check: 'baseline', state: 'ok', detail: `no change of a run pending in ${journalFile}` };
    return {
      device: 'journal',
      check: 'baseline',
      state: 'bad',
      detail: `${left.length} change(s) of a run not undone (${left[0]?.step.description ?? ''}...): pfslab lab restore`,
    };
  } catch (e) {
    return { device: 'journal', check: 'baseline', state: 'unknown', detail: `${journalFile} not read: ${(e as Error).message}` };
  }
}

/**
 * tcpdump processes on this host that write a file of one of the lab's captures (capture ids
 * start with the capture's name: drivers/capture/capture-names.ts) and were not started by
 * `ownPid`. Captures on a capture host over SSH are not seen from here: said so.
 */
export async function captureRows(lab: LoadedLab, ownPid = process.pid, procDir = '/proc', netnsDir = '/run/netns'): Promise<HealthRow[]> {
  const names = lab.spec.captures.map((c) => c.name);
  if (names.length === 0) return [];
  // Two labs on one host may name their captures alike (the fault matrix's lab and the
  // default one): a capture in a network namespace is this lab's only when tcpdump runs in
  // that very namespace (same inode).
  const nsInode = new Map<string, number>();
  for (const c of lab.spec.captures) {
    if (c.netns) {
      const st = await stat(`${netnsDir}/${c.netns.namespace}`).catch(() => undefined);
      if (st) nsInode.set(c.name, st.ino);
    }
  }
  const foreign = new Map<string, string[]>();
  let entries: string[];
  try {
    entries = (await readdir(procDir)).filter((e) => /^\d+$/.test(e));
  } catch (e) {
    return [{ device: 'captures', check: 'in flight', state: 'unknown', detail: `${procDir} not read: ${(e as Error).message}` }];
  }
  for (const pid of entries) {
    const argv = (await readFile(`${procDir}/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!/(^|\/)tcpdump$/.test(argv[0] ?? '')) continue;
    const out = argv[argv.indexOf('-w') + 1];
    if (argv.indexOf('-w') < 0 || out === undefined) continue;
    const file = out.slice(out.lastIndexOf('/') + 1);
    const capture = names.find((n) => file.startsWith(`${n}-`));
    // The id holds the pid of the run that started it: <capture>-<stamp>-<pid>-<n>.pcap.
    const starter = /-(\d+)-\d+\.pcap/.exec(file)?.[1];
    if (capture === undefined || starter === String(ownPid)) continue;
    const spec = lab.spec.captures.find((c) => c.name === capture);
    if (spec?.netns) {
      const ino = await stat(`${procDir}/${pid}/ns/net`).then((st) => st.ino, () => undefined);
      if (ino === undefined || ino !== nsInode.get(capture)) continue;
    }
    foreign.set(capture, [...(foreign.get(capture) ?? []), `tcpdump pid ${pid} writes ${file}`]);
  }
  const remote = lab.spec.captures.filter((c) => c.ssh !== undefined).map((c) => c.name);
  return lab.spec.captures.map((c): HealthRow => {
    const seen = foreign.get(c.name);
    if (seen) return { device: c.name, check: 'captures', state: 'bad', detail: `another run's capture is in flight: ${seen.join('; ')}` };
    if (remote.includes(c.name)) return { device: c.name, check: 'captures', state: 'unknown', detail: 'captures on a capture host are not checked from here' };
    return { device: c.name, check: 'captures', state: 'ok', detail: 'no capture of another run in flight on this host' };
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}
