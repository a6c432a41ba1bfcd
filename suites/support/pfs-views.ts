// Views of an upgrade's PFS analysis that several suites share.
import type { FileTree, ViolationCode } from '../../harness/pfs/analysis-types.ts';
import type { UpgradeRun } from '../../harness/run/suite-kit.ts';

/** The file trees of (subnet, model) groups in which at least one phone had PFS on. */
export function pfsTrees(run: UpgradeRun): FileTree[] {
  return run.analysis.files.filter((t) => Object.keys(t.roles).some((ip) => run.pfsIps.has(ip)));
}

/** The violations of these codes, as one line each (what an assertion message shows). */
export function violationsOf(run: UpgradeRun, ...codes: ViolationCode[]): string[] {
  return run.analysis.violations.filter((v) => codes.includes(v.code)).map((v) => `${v.code} ${v.file} ${v.subnet ?? ''} ${v.model ?? ''}: ${v.message}`);
}

/** name of a phone from its address, for messages. */
export function nameOf(run: UpgradeRun, ip: string): string {
  return run.phones.find((p) => p.ip === ip)?.phone ?? ip;
}

/** The PFS role of each phone (by name) for each file of its group: the roles table. */
export function rolesTable(run: UpgradeRun): string {
  const trees = [...run.analysis.files].sort((a, b) => `${a.subnet}${a.model}`.localeCompare(`${b.subnet}${b.model}`));
  const lines = ['subnet\tmodel\tfile\tphone\trole'];
  for (const t of trees) for (const [ip, role] of Object.entries(t.roles).sort()) lines.push(`${t.subnet}\t${t.model}\t${t.file}\t${nameOf(run, ip)}\t${role}`);
  return lines.join('\n') + '\n';
}

/** Whether the (subnet, model) group had a phone with PFS off (it fetches from TFTP, rightly). */
export function hasPfsOff(run: UpgradeRun, subnet: string, model: string): boolean {
  return run.phones.some((p) => p.subnet === subnet && p.model === model && run.pfs.get(p.phone) === 'Disabled');
}
