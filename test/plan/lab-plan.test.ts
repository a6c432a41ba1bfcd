// The model applied to a lab as the nightly sees it: the virtual lab's groups and WAN, its
// scales, and the summary line that names the break-even over its WAN.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadLab, parseLab } from '../../harness/lab/index.ts';
import { planLab, planSummaryLine } from '../../harness/plan/lab-plan.ts';

describe('the plan of a lab (nightly summary)', function () {
  it('plans the virtual lab as it runs: its 21 phones, its WAN, its scales; the nightly WAN bytes', async () => {
    const plan = planLab(await loadLab('labs/virtual.yaml'));
    assert.ok(!('none' in plan), 'the virtual lab has a wan: and phones');
    assert.equal(plan.groups.reduce((n, g) => n + g.phones, 0), 21);
    assert.deepEqual([plan.asRun.timeScale, plan.asRun.sizeScale], [0.25, 1 / 32]);
    assert.equal(plan.prediction.traditional.wanBytes, 5_503_332);
    assert.equal(plan.largest.model, 'CP-7961G');
    assert.equal(typeof plan.breakEvenReal, 'number');
  });

  it('names the break-even over the lab\'s WAN, and the measured against the predicted times', async () => {
    const plan = planLab(await loadLab('labs/virtual.yaml'));
    if ('none' in plan) throw new Error(plan.none);
    const line = planSummaryLine(plan, { traditionalSeconds: 32.8, pfsSeconds: 47.1 });
    assert.match(line, new RegExp(`over this lab's WAN \\(2 Mbit/s, 120 ms\\) PFS is at least as fast as the traditional upgrade from ${plan.breakEvenReal} phones of CP-7961G per subnet`));
    assert.match(line, /this run: traditional 32\.8 s measured \/ \d+\.\d s predicted \(-?\d+ %\), PFS 47\.1 s/);
    assert.match(planSummaryLine(plan), /no measured upgrade in this run/);
  });

  it('says why there is no plan for a lab without a wan: section', async () => {
    const text = (await readFile('labs/virtual.yaml', 'utf8')).replace(/\nwan:\n(?: {2}.*\n)+/, '\n');
    const lab = await parseLab(text, 'labs/virtual.yaml');
    const plan = planLab(lab);
    assert.ok('none' in plan);
    assert.match(plan.none, /has no wan: section/);
  });
});
