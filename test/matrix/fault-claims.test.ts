// Every fault switch of the lab schema is claimed, and proved in exactly one half of the fault
// matrix: a fault left out of both halves would never be tried, one in both would be tried twice.
import assert from 'node:assert/strict';
import { FAULT_IDS } from '../../harness/lab/index.ts';
import { EVIDENCE_FAULT_SUITES, FAULT_CLAIMS, MATRIX_HALVES } from './fault-claims.ts';

describe('fault matrix: the claims and the halves', function () {
  it('claims every fault switch the lab schema knows', function () {
    assert.deepEqual([...FAULT_IDS].sort(), [...FAULT_CLAIMS.keys(), ...EVIDENCE_FAULT_SUITES.keys()].sort());
  });

  it('tries every fault in exactly one half, each half on its own lab plan', function () {
    const tried = MATRIX_HALVES.flatMap((h) => [...h.claims.keys(), ...h.evidence.keys()]);
    assert.deepEqual([...tried].sort(), [...FAULT_IDS].sort());
    const prefixes = new Set(MATRIX_HALVES.map((h) => h.plan.prefix));
    assert.equal(prefixes.size, MATRIX_HALVES.length, 'two halves share a namespace prefix');
    for (const h of MATRIX_HALVES) assert.ok(h.claims.size + h.evidence.size > 0, `half ${h.name} tries no fault`);
  });
});
