// Model isolation (pfs-reference §2.5): different phone models form separate hierarchies,
// even in one subnet, and even when they run the same load (7941 and 7961 share SCCP41; the
// virtual lab keeps them apart, as the root's log line names the model).
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, useLab } from '../harness/run/suite-kit.ts';
import { notApplicable } from './support/not-applicable.ts';
import { hasPfsOff, nameOf, pfsTrees, violationsOf } from './support/pfs-views.ts';

describe('PFS model isolation', function () {
  const lab = useLab();
  let run: UpgradeRun;

  before(async function () {
    const mixed = lab.ctx.facts.subnets.filter((s) => new Set(lab.ctx.phones.filter((p) => p.subnet === s.name).map((p) => p.model)).size >= 2);
    if (mixed.length === 0) return notApplicable(this, `${lab.ctx.lab.file}: no subnet holds two phone models`);
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false, logs: false });
  });

  it('never links phones of two models in one tree', function () {
    const modelOf = new Map(lab.ctx.phones.map((p) => [p.ip, p.model]));
    const mixedEdges = pfsTrees(run).flatMap((t) =>
      t.edges.filter((e) => modelOf.get(e.parent) !== modelOf.get(e.child)).map((e) => `${t.file}: ${nameOf(run, e.parent)} (${modelOf.get(e.parent)}) fed ${nameOf(run, e.child)} (${modelOf.get(e.child)})`),
    );
    assert.deepEqual(mixedEdges, []);
    assert.deepEqual(violationsOf(run, 'CROSS_MODEL'), []);
  });

  it('gives every model of a subnet its own root, of that model, for each file', function () {
    const modelOf = new Map(lab.ctx.phones.map((p) => [p.ip, p.model]));
    const wrong = pfsTrees(run)
      .filter((t) => t.root !== undefined && modelOf.get(t.root) !== t.model)
      .map((t) => `${t.subnet}/${t.model}/${t.file}: root ${nameOf(run, t.root ?? '')} is a ${modelOf.get(t.root ?? '')}`);
    assert.deepEqual(wrong, []);
  });

  it('models sharing one load still fetch it separately: one WAN copy per model', function () {
    const shared = run.analysis.wan.lines.filter((l) => [...run.pfsIps].some((ip) => modelOfIp(run, ip) === l.model));
    const wrong = shared.filter((l) => l.copies !== 1 && !hasPfsOff(run, l.subnet, l.model)).map((l) => `${l.subnet}/${l.model}/${l.file}: ${l.copies} copies`);
    assert.deepEqual(wrong, []);
  });
});

function modelOfIp(run: UpgradeRun, ip: string): string | undefined {
  return run.phones.find((p) => p.ip === ip)?.model;
}
