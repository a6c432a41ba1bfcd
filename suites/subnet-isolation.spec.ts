// Subnet isolation (pfs-reference §2.6): phones share only within their subnet (the
// announcements are broadcasts), so two subnets with the same model form two hierarchies
// and each file crosses the WAN twice, once per subnet.
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, useLab } from '../harness/run/suite-kit.ts';
import { notApplicable } from './support/not-applicable.ts';
import { hasPfsOff, nameOf, pfsTrees, violationsOf } from './support/pfs-views.ts';

describe('PFS subnet isolation', function () {
  const lab = useLab();
  let run: UpgradeRun;
  let shared: { model: string; subnets: string[] }[] = [];

  before(async function () {
    const subnetsOf = new Map<string, Set<string>>();
    for (const p of lab.ctx.phones) subnetsOf.set(p.model, (subnetsOf.get(p.model) ?? new Set()).add(p.subnet));
    shared = [...subnetsOf].filter(([, s]) => s.size >= 2).map(([model, s]) => ({ model, subnets: [...s].sort() }));
    if (shared.length === 0) return notApplicable(this, `${lab.ctx.lab.file}: no model has phones in two subnets`);
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false, logs: false });
  });

  it('never links phones of two subnets', function () {
    const subnetOfIp = new Map(lab.ctx.phones.map((p) => [p.ip, p.subnet]));
    const crossing = pfsTrees(run).flatMap((t) =>
      t.edges.filter((e) => subnetOfIp.get(e.parent) !== subnetOfIp.get(e.child)).map((e) => `${t.file}: ${nameOf(run, e.parent)} fed ${nameOf(run, e.child)}`),
    );
    assert.deepEqual(crossing, []);
    assert.deepEqual(violationsOf(run, 'CROSS_SUBNET'), []);
  });

  it('forms one hierarchy per subnet for a model present in several subnets', function () {
    const wrong: string[] = [];
    for (const { model, subnets } of shared) {
      for (const f of lab.ctx.facts.inventory.get(model)?.files ?? []) {
        const roots = subnets.map((s) => run.analysis.files.find((t) => t.subnet === s && t.model === model && t.file === f.name)?.root);
        if (roots.some((r) => r === undefined) || new Set(roots).size !== subnets.length) wrong.push(`${model} ${f.name}: roots ${roots.map((r) => (r ? nameOf(run, r) : 'none')).join(', ')} in ${subnets.join(', ')}`);
      }
    }
    assert.deepEqual(wrong, [], 'each subnet needs its own root per file');
  });

  it('brings each file over the WAN once per subnet', function () {
    const wrong: string[] = [];
    for (const { model, subnets } of shared) {
      for (const f of lab.ctx.facts.inventory.get(model)?.files ?? []) {
        const copies = run.analysis.wan.lines.filter((l) => l.model === model && l.file === f.name && subnets.includes(l.subnet) && !hasPfsOff(run, l.subnet, model)).map((l) => l.copies);
        const expected = subnets.filter((s) => !hasPfsOff(run, s, model)).length;
        const total = copies.reduce((a, b) => a + b, 0);
        if (total !== expected) wrong.push(`${model} ${f.name}: ${total} WAN copies for ${expected} subnet(s)`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
