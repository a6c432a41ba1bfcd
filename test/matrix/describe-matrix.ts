// The fault matrix (issue 6): for every fault switch of the virtual lab, the suite that claims
// to catch it must FAIL with the fault on, with an assertion (a product defect, not a lab
// problem), and PASS with it off. A suite that passes with the fault it claims to catch is a
// defect of pfslab. Each half of the matrix (fault-claims.ts's MATRIX_HALVES) is its own test
// file, on its own lab plan, so that `npm test` runs the two halves at once; each prints its
// part of the matrix at its end.
//
// Each cell brings the small matrix lab (matrix-lab.yaml, on the half's own addresses) up with
// one fault armed, runs the claiming suite through the real fixture, and brings the lab down:
// half a minute to two minutes each.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FaultId } from '../../harness/lab/index.ts';
import type { MatrixHalf } from './fault-claims.ts';
import type { SuiteRunResult } from './run-suites.ts';
import { runSuites } from './run-suites.ts';
import { namespacesLeft, writeMatrixLab } from './matrix-lab.ts';

/** Declares one half of the fault matrix: its healthy run, then one cell per fault. */
export function describeMatrixHalf(half: MatrixHalf): void {
  describe(`fault matrix, ${half.title}: every fault switch is caught by the suite that claims it`, function () {
    this.timeout(600_000);
    let work: string;
    let healthy: SuiteRunResult;
    const rows: { fault: string; suite: string; off: string; on: string }[] = [];
    const claimed = [...new Set(half.claims.values())].sort();

    before(async function () {
      work = await mkdtemp(path.join(os.tmpdir(), `pfslab-matrix-${half.name}-`));
      healthy = await runSuites(await labWith(half, work), claimed, path.join(work, 'healthy'), half.plan);
    });

    after(async function () {
      process.stdout.write(`\n${renderMatrix(half.title, rows)}\n`);
      await rm(work, { recursive: true, force: true });
      assert.deepEqual(namespacesLeft(half.plan), [], 'the matrix labs left network namespaces behind');
    });

    it('passes every claiming suite with no fault armed', function () {
      const problems = [...healthy.failures.map((f) => `${f.title}: ${f.message.split('\n')[0]}`), ...healthy.pending.map((t) => `${t.title}: skipped`)];
      assert.deepEqual(problems, [], `healthy lab:\n${healthy.output.slice(-4000)}`);
      const silent = claimed.filter((suite) => !healthy.passes.some((t) => t.file === suite));
      assert.deepEqual(silent, [], 'claiming suites with no passing test on the healthy lab');
    });

    for (const [fault, suite] of half.claims) {
      it(`${fault}: ${path.basename(suite)} fails with it on`, async function () {
        const r = await runSuites(await labWith(half, work, fault), [suite], path.join(work, fault), half.plan);
        const off = healthy.failures.some((t) => t.file === suite) || healthy.pending.some((t) => t.file === suite) ? 'FAIL' : 'pass';
        // A fault is caught by an assertion on what the lab showed, not by the harness tripping over it.
        const asserted = r.failures.filter((f) => f.name === 'AssertionError');
        rows.push({ fault, suite: path.basename(suite), off, on: r.failures.length === 0 ? 'PASS (not caught)' : `fail (${r.failures.length})` });
        assert.ok(r.failures.length > 0, `${suite} passed with ${fault} on: it does not catch the fault it claims\n${r.output.slice(-3000)}`);
        assert.ok(asserted.length > 0, `${suite} failed with ${fault} on, but only through errors, not assertions:\n${r.failures.map((f) => `${f.name}: ${f.message}`).join('\n')}`);
      });
    }

    // A fault of the evidence (a capture point that sees nothing): every suite that judges
    // captures must stop, as a lab problem (the suite kit's evidence guard), and none may pass.
    for (const [fault, suites] of half.evidence) {
      it(`${fault}: no suite that judges captures passes with it on, each ends as a lab problem`, async function () {
        this.timeout(1_800_000);
        const r = await runSuites(await labWith(half, work, fault), suites, path.join(work, fault), half.plan);
        const wrong: string[] = [];
        for (const suite of suites) {
          const passed = r.passes.filter((t) => t.file === suite);
          const failed = r.failures.filter((t) => t.file === suite);
          const guarded = failed.filter((f) => f.name === 'EvidenceMissingError');
          const skipped = r.pending.filter((t) => t.file === suite);
          const off = healthy.passes.some((t) => t.file === suite) ? (healthy.failures.some((t) => t.file === suite) ? 'FAIL' : 'pass') : 'n/a';
          rows.push({ fault, suite: path.basename(suite), off, on: passed.length > 0 ? `PASS ${passed.length} (not caught)` : guarded.length > 0 ? 'lab problem' : failed.length === 0 ? 'not applicable' : `fail (${failed.length})` });
          if (passed.length > 0) wrong.push(`${suite}: ${passed.length} test(s) passed on a capture that saw nothing: ${passed.map((t) => t.title).join('; ')}`);
          else if (guarded.length === 0 && !(failed.length === 0 && skipped.length > 0)) wrong.push(`${suite}: did not stop on the evidence guard: ${failed.map((f) => `${f.name}: ${f.message.split('\n')[0]}`).join('; ') || 'no failure at all'}`);
        }
        assert.deepEqual(wrong, [], r.output.slice(-3000));
      });
    }
  });
}

function renderMatrix(title: string, rows: { fault: string; suite: string; off: string; on: string }[]): string {
  const head = ['fault', 'claimed by', 'fault off', 'fault on'];
  const all = [head, ...rows.map((r) => [r.fault, r.suite, r.off, r.on])];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return [`  Fault matrix, ${title}`, ...all.map((r) => '  ' + r.map((c, i) => c.padEnd(w[i] ?? 0)).join('  '))].join('\n');
}

/** The matrix lab with one fault armed (or none), written where the child mocha can read it. */
function labWith(half: MatrixHalf, dir: string, fault?: FaultId): Promise<string> {
  return writeMatrixLab(path.join(dir, `lab-${fault ?? 'healthy'}.yaml`), half.plan, fault);
}
