// The matrix lab's address plans keep its copies apart (test/matrix/matrix-lab.ts): every
// address and capture namespace of a copy is on its own plan, and no two plans share a prefix,
// an address range or a transfer network. An address added to matrix-lab.yaml outside the
// rewritten ranges would put two labs of `npm test`'s streams on one host route: this fails.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadLab } from '../../harness/lab/index.ts';
import { MATRIX_PLANS, writeMatrixLab } from './matrix-lab.ts';

describe('the matrix lab on its address plans', function () {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-matrix-plans-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('no two plans share a prefix, an address range or a transfer network', function () {
    for (const key of ['prefix', 'hq', 'branches', 'transferCidr'] as const) {
      const values = MATRIX_PLANS.map((p) => p[key]);
      assert.equal(new Set(values).size, values.length, `plans share a ${key}: ${values.join(', ')}`);
    }
    const ranges = MATRIX_PLANS.flatMap((p) => [p.hq, p.branches]);
    assert.equal(new Set(ranges).size, ranges.length, `an hq range is another plan's branch range: ${ranges.join(', ')}`);
  });

  for (const plan of MATRIX_PLANS) {
    it(`puts every address and capture namespace on the ${plan.prefix} plan`, async function () {
      const file = await writeMatrixLab(path.join(dir, `${plan.prefix}lab.yaml`), plan, 'third-child');
      const { spec } = await loadLab(file);
      const text = JSON.stringify(spec);
      const addresses = [...text.matchAll(/\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b/g)].map((m) => m[0]);
      assert.ok(addresses.length >= 16, `only ${addresses.length} addresses found`);
      const off = addresses.filter((a) => !a.startsWith(`${plan.hq}.`) && !a.startsWith(`${plan.branches}.`));
      assert.deepEqual(off, [], 'addresses off the plan');
      const namespaces = spec.captures.flatMap((c) => (c.netns ? [c.netns.namespace] : []));
      assert.ok(namespaces.length > 0);
      assert.deepEqual(namespaces.filter((n) => !n.startsWith(plan.prefix)), [], 'capture namespaces off the plan');
      assert.deepEqual(spec.faults.map((f) => f.id), ['third-child']);
    });
  }
});
