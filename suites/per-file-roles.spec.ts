// Per-file roles (pfs-reference §2.4): the hierarchy is elected per file, so a phone can be
// the parent for one file and a child for another within one upgrade. The roles table of
// the upgrade is attached; the assertions check that every PFS phone has a role for every
// file of its load, that roles really are per file, and that the roots the console logs
// name are the roots the captures show.
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, attachText, PFS_UPGRADE, useLab } from '../harness/run/suite-kit.ts';
import { nameOf, pfsTrees, rolesTable, violationsOf } from './support/pfs-views.ts';

describe('PFS per-file roles', function () {
  const lab = useLab();
  let run: UpgradeRun;

  before(async function () {
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false });
    await attachText('roles table (one line per phone and file)', rolesTable(run), 'text/tab-separated-values');
  });

  it('gives every PFS phone a role for every file of its load', function () {
    const missing: string[] = [];
    for (const p of run.phones.filter((o) => run.pfs.get(o.phone) === 'Enabled')) {
      const load = lab.ctx.facts.inventory.get(p.model);
      for (const f of load?.files ?? []) {
        const tree = run.analysis.files.find((t) => t.subnet === p.subnet && t.model === p.model && t.file === f.name);
        const role = tree?.roles[p.ip];
        if (role === undefined || role === 'missing') missing.push(`${p.phone} ${f.name}: ${role ?? 'no tree'}`);
      }
    }
    assert.deepEqual(missing, [], 'PFS phones without a complete copy of a file of their load');
  });

  it('elects per file: in a hierarchy of three or more phones, some phone changes role from one file to another', function () {
    const groups = new Map<string, Map<string, Set<string>>>();
    for (const t of pfsTrees(run)) {
      const key = `${t.subnet}/${t.model}`;
      const byPhone = groups.get(key) ?? new Map<string, Set<string>>();
      for (const [ip, role] of Object.entries(t.roles)) if (run.pfsIps.has(ip)) byPhone.set(ip, (byPhone.get(ip) ?? new Set()).add(role));
      groups.set(key, byPhone);
    }
    const big = [...groups].filter(([, phones]) => phones.size >= 3);
    assert.ok(big.length > 0, 'the lab has no hierarchy of three or more PFS phones: roles per file cannot be shown');
    const fixed = big.filter(([, phones]) => [...phones.values()].every((roles) => roles.size === 1)).map(([g]) => g);
    assert.deepEqual(fixed, [], 'hierarchies where every phone kept the same role for every file (one election for the whole load?)');
  });

  it('the root each console log names for a file is the root the captures show', function () {
    const disagree: string[] = [];
    for (const lr of run.analysis.logRoots) {
      const trees = run.analysis.files.filter((t) => (t.file === lr.file || lr.file.endsWith(`/${t.file}`)) && t.model === lr.model && t.root !== undefined);
      const tree = trees.find((t) => t.roles[lr.rootIp] !== undefined);
      if (tree && tree.root !== lr.rootIp) disagree.push(`${lr.file}: log says ${nameOf(run, lr.rootIp)}, capture says ${nameOf(run, tree.root ?? '')}`);
    }
    assert.deepEqual(disagree, []);
    assert.deepEqual(violationsOf(run, 'LOG_PCAP_DISAGREE'), []);
  });
});
