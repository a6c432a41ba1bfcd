// The way back to the baseline (issue 19): PFS on or off, whichever the plan model predicts
// quicker for the phones being brought back, over the lab's WAN as it runs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadLab } from '../../harness/lab/load.ts';
import type { LoadedLab } from '../../harness/lab/load.ts';
import { quickestWayBack } from '../../harness/run/orchestrate/bring-back.ts';

const VIRTUAL_LAB = path.resolve(import.meta.dirname, '../../labs/virtual.yaml');

describe('the way back to the baseline', () => {
  let lab: LoadedLab;
  before(async () => {
    lab = await loadLab(VIRTUAL_LAB);
  });

  it('the default lab (a few phones per subnet over 2 Mbit/s): without PFS, and says why', () => {
    const way = quickestWayBack(lab, lab.spec.phones);
    assert.equal(way.pfs, 'Disabled', way.why);
    assert.match(way.why, /predicts \d+ s without PFS, \d+ s with it/);
  });

  it('many phones of one model in one subnet: with PFS', () => {
    const first = lab.spec.phones[0];
    assert.ok(first);
    const many = Array.from({ length: 200 }, (_, i) => ({ ...first, name: `SEP0000000${String(i).padStart(5, '0')}` }));
    const crowded: LoadedLab = { ...lab, spec: { ...lab.spec, phones: many } };
    const way = quickestWayBack(crowded, many);
    assert.equal(way.pfs, 'Enabled', way.why);
  });

  it('past the WAN overflow: the traditional time said as a lower bound with its estimate, never "Infinity s"', () => {
    const first = lab.spec.phones[0];
    assert.ok(first);
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...first, name: `SEP000000${String(i).padStart(6, '0')}` }));
    const crowded: LoadedLab = { ...lab, spec: { ...lab.spec, phones: many, wan: { bandwidth: '1.5mbit', rttMs: 300, lossPercent: 0 } } };
    const way = quickestWayBack(crowded, many);
    assert.equal(way.pfs, 'Enabled', way.why);
    assert.match(way.why, /predicts at least (\d+ s|never) \(estimate (\d+ s|never); the WAN overflows\) without PFS, \d+ s with it/);
    assert.doesNotMatch(way.why, /Infinity|NaN/);
  });

  it('only the phones being brought back count', () => {
    const first = lab.spec.phones[0];
    assert.ok(first);
    const many = Array.from({ length: 200 }, (_, i) => ({ ...first, name: `SEP0000000${String(i).padStart(5, '0')}` }));
    const crowded: LoadedLab = { ...lab, spec: { ...lab.spec, phones: many } };
    assert.equal(quickestWayBack(crowded, many.slice(0, 2)).pfs, 'Disabled');
  });

  it('a lab with no WAN to predict with: PFS on, as before', () => {
    const { wan: _wan, ...rest } = lab.spec;
    const way = quickestWayBack({ ...lab, spec: rest }, lab.spec.phones);
    assert.equal(way.pfs, 'Enabled');
    assert.match(way.why, /no prediction: .*no wan: section/);
  });
});
