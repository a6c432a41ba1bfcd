// The charts drawn through vega-lite: text from a lab (its name, a run's label) cannot add
// markup to the SVG, and the comparison chart's legend stacks its entries instead of drawing
// them over each other (what the hand-placed chart did with long labels).
import assert from 'node:assert/strict';
import { renderComparisonSvg } from '../../harness/pfs/render/comparison-svg.ts';
import { renderCurvesSvg } from '../../harness/plan/chart.ts';

describe('plan and comparison charts (vega-lite, rendered headless)', function () {
  this.timeout(30_000);

  it('escapes markup and control characters in titles and labels', async () => {
    const hostile = 'lab<script>alert(1)</script>&\u001b[2J';
    const svg = await renderCurvesSvg([
      {
        title: hostile,
        curves: [
          { method: 'traditional', phones: 1, seconds: 60 },
          { method: 'traditional', phones: 100, seconds: 600 },
          { method: 'PFS', phones: 1, seconds: 90 },
          { method: 'PFS', phones: 100, seconds: 100 },
        ],
        measured: [{ method: 'PFS', phones: 10, seconds: 95 }],
        mark: { phones: 10, label: `branch ${hostile}` },
      },
    ]);
    assert.doesNotMatch(svg, /<script/);
    assert.match(svg, /lab&lt;script&gt;/);
    assert.ok(!svg.includes('\u001b'), 'no raw escape character');
    assert.match(svg, /\\u001B\[2J/);
  });

  it('comparison chart: one legend entry per run, stacked, and a value over each bar', async () => {
    const labels = ['Traditional upgrade (PFS off), every phone from TFTP', 'PFS upgrade (PFS on), one copy per file per subnet'];
    const svg = await renderComparisonSvg('virtual: traditional vs PFS', [
      { label: labels[0] ?? '', wanBytes: 5_503_332, seconds: 34.2 },
      { label: labels[1] ?? '', wanBytes: 2_405_809, seconds: 48.1 },
    ]);
    for (const l of labels) assert.equal(svg.split(`>${l}</text>`).length - 1, 1, `legend label ${l} once`);
    // Vega lays legend entries out in groups of their own; the second entry's group is moved down by at least a line.
    const entryOffsets = [...svg.matchAll(/<g transform="translate\(0,(\d+(?:\.\d+)?)\)"><path class="background"[^>]*\/><g><g class="mark-symbol role-legend-symbol"/g)].map((m) => Number(m[1]));
    assert.deepEqual(entryOffsets.length, 2, `two legend entries: ${entryOffsets.join(', ')}`);
    assert.ok(Math.abs((entryOffsets[1] ?? 0) - (entryOffsets[0] ?? 0)) >= 12, `entries ${entryOffsets.join(', ')} px apart`);
    for (const v of ['5.25', '2.29', '34.2', '48.1']) assert.match(svg, new RegExp(`>${v.replace('.', '\\.')}</text>`));
  });
});
