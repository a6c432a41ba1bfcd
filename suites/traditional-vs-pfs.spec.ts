// Traditional vs PFS (pfs-reference §1): the same phones upgraded twice, once the traditional
// way (PFS off: every phone pulls every file over the WAN) and once with PFS (one copy per
// file per model per subnet). WAN bytes and wall time of both are measured from the evidence
// and attached as a chart; the assertions hold the WAN accounting, not the times (a small
// virtual lab may well upgrade faster without PFS's election timers). Beside them, the
// model of `pfslab plan` (harness/plan/MODEL.md): its curves for this lab as it runs, with
// this run's two measured points on them, so that a reader sees whether the lab behaved as
// the model says; the run's summary names the break-even over the lab's WAN.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderComparisonSvg } from '../harness/pfs/render/comparison-svg.ts';
import { renderCurvesSvg } from '../harness/plan/chart.ts';
import { CALIBRATED } from '../harness/plan/constants.ts';
import { curves } from '../harness/plan/curves.ts';
import { PLAN_EVIDENCE_FILE, planLab } from '../harness/plan/lab-plan.ts';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachFile, attachJson, attachRun, CONTENT_TYPES, PFS_UPGRADE, TRADITIONAL_UPGRADE, useLab } from '../harness/run/suite-kit.ts';

describe('Traditional upgrade vs PFS', function () {
  const lab = useLab();
  let traditional: UpgradeRun;
  let pfs: UpgradeRun;

  before(async function () {
    traditional = await lab.scenario(TRADITIONAL_UPGRADE);
    pfs = await lab.scenario(PFS_UPGRADE);
    await attachRun(traditional, { pcaps: false, logs: false });
    const figures = [traditional, pfs].map((r) => ({
      label: r.title,
      wanBytes: r.analysis.wan.totalBytes,
      seconds: (Math.max(...r.phones.map((p) => p.afterMs ?? 0)) || r.finishedAt - r.startedAt) / 1000,
    }));
    await attachJson('WAN bytes and upgrade time', figures);
    const chart = path.join(lab.ctx.paths.evidenceDir, 'traditional-vs-pfs.svg');
    await writeFile(chart, await renderComparisonSvg(`${lab.ctx.lab.spec.name}: traditional vs PFS`, figures));
    await attachFile('chart: traditional vs PFS', chart, CONTENT_TYPES.svg);
    await attachPlan(figures[0]?.seconds ?? 0, figures[1]?.seconds ?? 0);
  });

  /** The model's curves for this lab as it runs, this run's points on them, and the figures the run's summary reads. */
  async function attachPlan(traditionalSeconds: number, pfsSeconds: number): Promise<void> {
    const plan = planLab(lab.ctx.lab);
    const evidence = path.join(lab.ctx.paths.evidenceDir, PLAN_EVIDENCE_FILE);
    if ('none' in plan) {
      await attachJson('model vs measured', { none: plan.none });
      return;
    }
    const total = plan.groups.reduce((n, g) => n + g.phones, 0);
    const record = {
      phones: total,
      wan: plan.wan,
      scale: { time: plan.asRun.timeScale, size: plan.asRun.sizeScale },
      measured: { traditionalSeconds, pfsSeconds },
      predicted: { traditional: plan.prediction.traditional, pfs: plan.prediction.pfs },
      breakEvenPhones: { real: plan.breakEvenReal, asRun: plan.breakEvenAsRun, model: plan.largest.model },
    };
    await writeFile(evidence, `${JSON.stringify(record, null, 2)}\n`);
    await attachJson('model vs measured', record);
    const svg = await renderCurvesSvg([
      {
        title: `${lab.ctx.lab.spec.name} as it runs: ${plan.wan.bitsPerSecond / 1e6} Mbit/s, ${plan.wan.rttMs} ms; timers x${plan.asRun.timeScale}, sizes x${plan.asRun.sizeScale}`,
        curves: curves(plan.groups, plan.wan, plan.asRun, CALIBRATED, total * 3),
        measured: [
          { method: 'traditional', phones: total, seconds: traditionalSeconds },
          { method: 'PFS', phones: total, seconds: pfsSeconds },
        ],
        mark: { phones: total, label: `this lab: ${total} phones` },
      },
    ]);
    const file = path.join(lab.ctx.paths.evidenceDir, 'traditional-vs-pfs-model.svg');
    await writeFile(file, svg);
    await attachFile('chart: model vs this run', file, CONTENT_TYPES.svg);
  }

  it('upgrades every phone both ways', function () {
    const missed = [traditional, pfs].flatMap((r) => r.phones.filter((p) => !p.reached).map((p) => `${r.title}: ${p.phone} (${p.lastSeen ?? ''})`));
    assert.deepEqual(missed, []);
  });

  it('traditional: every phone fetches every file over the WAN', function () {
    const wrong = traditional.analysis.wan.lines
      .map((l) => ({ l, phones: traditional.phones.filter((p) => p.subnet === l.subnet && p.model === l.model).length }))
      .filter(({ l, phones }) => l.copies !== phones)
      .map(({ l, phones }) => `${l.subnet}/${l.model}/${l.file}: ${l.copies} WAN copies for ${phones} phones`);
    assert.deepEqual(wrong, []);
  });

  it('PFS: one WAN copy per file per model per subnet (plus one per phone with PFS off)', function () {
    const wrong = pfs.analysis.wan.lines
      .map((l) => ({ l, expected: 1 + pfs.phones.filter((p) => p.subnet === l.subnet && p.model === l.model && pfs.pfs.get(p.phone) === 'Disabled').length }))
      .filter(({ l, expected }) => l.copies !== expected)
      .map(({ l, expected }) => `${l.subnet}/${l.model}/${l.file}: ${l.copies} WAN copies, expected ${expected}`);
    assert.deepEqual(wrong, []);
  });

  it('PFS moves fewer bytes over the WAN than the traditional upgrade, in proportion to the phones per hierarchy', function () {
    const t = traditional.analysis.wan.totalBytes;
    const p = pfs.analysis.wan.totalBytes;
    assert.ok(t > 0 && p > 0, `no WAN traffic measured (traditional ${t} B, PFS ${p} B)`);
    const groups = new Set(pfs.phones.map((o) => `${o.subnet}/${o.model}`));
    const off = pfs.phones.filter((o) => pfs.pfs.get(o.phone) === 'Disabled');
    const expectedRatio = (groups.size + off.length) / pfs.phones.length;
    assert.ok(p < t, `PFS used ${p} B of WAN, traditional ${t} B`);
    // Per-model loads differ in size, so the ratio is compared with slack, not equality.
    assert.ok(p / t <= expectedRatio * 1.5, `PFS/traditional WAN ratio ${(p / t).toFixed(3)}, expected about ${expectedRatio.toFixed(3)}`);
  });
});
