// The upgrade-time model (harness/plan/model.ts) against what the sweep measured on the twin
// (bench/plan/sweep-results.jsonl, BENCHMARKS.md): within 20 % of the measured time to the
// last phone, and exact on the WAN's firmware bytes. Numbers in, numbers out: nothing here
// times anything. Then the model's own laws, each a way the arithmetic could go wrong.
import assert from 'node:assert/strict';
import { CALIBRATED, PHONE_TFTP, PHONE_TIMERS } from '../../harness/plan/constants.ts';
import type { PhoneGroup, RunShape, Wan } from '../../harness/plan/model.ts';
import { blocksOf, breakEvenPhones, fetchSeconds, predict, predictPfsGroup, predictTraditional, roundSeconds, treeDepth } from '../../harness/plan/model.ts';

// SCCP41.9-4-2SR2-2S, the sweep's load (pfs-reference §4), in fetch order.
const SCCP41 = [
  { name: 'jar41sccp.9-4-2ES26.sbn', size: 1_630_052 },
  { name: 'cnu41.9-4-2ES26.sbn', size: 556_833 },
  { name: 'apps41.9-4-2ES26.sbn', size: 3_157_527 },
  { name: 'dsp41.9-4-2ES26.sbn', size: 562_693 },
  { name: 'cvm41sccp.9-4-2ES26.sbn', size: 2_219_477 },
];
const group = (phones: number): PhoneGroup => ({ subnet: 'branch', model: 'CP-7961G', phones, files: SCCP41 });
const wanOf = (mbit: number, rttMs: number, lossPercent = 0): Wan => ({ bitsPerSecond: mbit * 1e6, rttMs, lossPercent });
const REAL: RunShape = { ...PHONE_TFTP, timers: PHONE_TIMERS, timeScale: 1, sizeScale: 1 };

/** Measured points of the sweep (2026-12-06): N phones, WAN, the run's scales, time to the last phone, unique WAN firmware bytes. */
const MEASURED = [
  { mode: 'tftp', phones: 10, mbit: 10, rttMs: 40, sizeScale: 1 / 32, configBytes: 3167, lastSeconds: 11.64, wanBytes: 2_539_560 },
  { mode: 'pfs', phones: 10, mbit: 10, rttMs: 40, sizeScale: 1 / 32, configBytes: 3167, lastSeconds: 26.76, wanBytes: 253_956 },
  { mode: 'tftp', phones: 10, mbit: 1.5, rttMs: 300, sizeScale: 1 / 32, configBytes: 3167, lastSeconds: 64.3, wanBytes: 2_539_560 },
  { mode: 'pfs', phones: 10, mbit: 1.5, rttMs: 300, sizeScale: 1 / 32, configBytes: 3167, lastSeconds: 78.01, wanBytes: 253_956 },
  { mode: 'tftp', phones: 30, mbit: 2, rttMs: 120, sizeScale: 1 / 32, configBytes: 3169, lastSeconds: 36.37, wanBytes: 7_618_680 },
  { mode: 'pfs', phones: 30, mbit: 2, rttMs: 120, sizeScale: 1 / 32, configBytes: 3169, lastSeconds: 42.35, wanBytes: 253_956 },
  { mode: 'tftp', phones: 30, mbit: 1.5, rttMs: 300, sizeScale: 1 / 32, configBytes: 3169, lastSeconds: 70.52, wanBytes: 7_618_680 },
  { mode: 'tftp', phones: 100, mbit: 2, rttMs: 120, sizeScale: 1 / 32, configBytes: 3169, lastSeconds: 111.11, wanBytes: 25_395_600 },
  { mode: 'pfs', phones: 100, mbit: 1.5, rttMs: 300, sizeScale: 1 / 32, configBytes: 3169, lastSeconds: 79.99, wanBytes: 253_956 },
  { mode: 'tftp', phones: 300, mbit: 10, rttMs: 40, sizeScale: 1 / 32, configBytes: 3171, lastSeconds: 69.99, wanBytes: 76_186_800 },
  // The WAN's queue overflowed (x2.2): the fit of overflowExponent.
  { mode: 'tftp', phones: 1000, mbit: 10, rttMs: 40, sizeScale: 1 / 64, configBytes: 3171, lastSeconds: 184.76, wanBytes: 126_978_000 },
  // 18:07-18:11, load average 2.5-3.4, after the root's TFTP retry (phone.ts fetchRetrying):
  // 1,000 phones over 10 Mbit/s (48.9 s at load 8-13 earlier: the two workers' share of a
  // loaded machine, not the model), and the two 1,000-phone points behind a slow WAN that had
  // stalled (a root's read timed out in the power-on storm; now retried: one server timeout each).
  { mode: 'pfs', phones: 1000, mbit: 10, rttMs: 40, sizeScale: 1 / 64, configBytes: 3171, manifestBytes: 983, lastSeconds: 27.09, wanBytes: 126_978 },
  // (37.4 s at load 8-13 earlier; 18:25, load 2)
  { mode: 'pfs', phones: 300, mbit: 10, rttMs: 40, sizeScale: 1 / 32, configBytes: 3171, manifestBytes: 985, lastSeconds: 26.68, wanBytes: 253_956 },
  { mode: 'pfs', phones: 1000, mbit: 2, rttMs: 120, sizeScale: 1 / 256, configBytes: 3171, manifestBytes: 981, lastSeconds: 56.2, wanBytes: 31_744 },
  { mode: 'pfs', phones: 1000, mbit: 1.5, rttMs: 300, sizeScale: 1 / 256, configBytes: 3171, manifestBytes: 981, lastSeconds: 72.54, wanBytes: 31_744 },
  { mode: 'pfs', phones: 300, mbit: 1.5, rttMs: 300, sizeScale: 1 / 128, configBytes: 3171, manifestBytes: 983, lastSeconds: 46.85, wanBytes: 63_489 },
] as const;

describe('pfslab plan: the upgrade-time model', function () {
  describe('against the sweep of the twin', function () {
    for (const m of MEASURED) {
      it(`${m.mode === 'pfs' ? 'PFS' : 'traditional'}, ${m.phones} phones, ${m.mbit} Mbit/s ${m.rttMs} ms: within 20 % of ${m.lastSeconds} s, WAN bytes exact`, () => {
        const shape: RunShape = { ...REAL, timeScale: 0.25, sizeScale: m.sizeScale };
        const p = predict([group(m.phones)], wanOf(m.mbit, m.rttMs), shape, { ...CALIBRATED, configFileBytes: m.configBytes, manifestBytes: 'manifestBytes' in m ? m.manifestBytes : 985 });
        const got = m.mode === 'pfs' ? p.pfs : p.traditional;
        const error = Math.abs(got.seconds - m.lastSeconds) / m.lastSeconds;
        assert.ok(error <= 0.2, `predicted ${got.seconds.toFixed(2)} s, measured ${m.lastSeconds} s: ${(error * 100).toFixed(1)} %`);
        assert.equal(got.wanBytes, m.wanBytes);
      });
    }
  });

  describe('its laws', function () {
    it('counts TFTP blocks as RFC 1350 does: a last short block, an empty one after an exact multiple', () => {
      assert.equal(blocksOf(0, 1428), 1);
      assert.equal(blocksOf(1427, 1428), 1);
      assert.equal(blocksOf(1428, 1428), 2);
      assert.equal(blocksOf(2 * 1428 + 1, 1428), 3);
    });

    it('one phone\'s round is the round trip plus its frame; a saturated WAN\'s round is every frame', () => {
      const wan = wanOf(2, 120);
      const frame = ((1428 + 4 + 42) * 8) / 2e6;
      assert.ok(Math.abs(roundSeconds(1, wan, REAL, CALIBRATED) - (0.12 + CALIBRATED.perRoundTripS + frame)) < 1e-9);
      // (with a queue that holds them all: the overflow's own law is the next test's)
      const deep = { ...CALIBRATED, wanQueueS: 1e6 };
      assert.ok(Math.abs(roundSeconds(5000, wan, REAL, deep) - 5000 * frame) / (5000 * frame) < 0.01);
      const holds = (2e6 / 8) * (0.12 + CALIBRATED.wanQueueS);
      const over = (5000 * 1474) / holds;
      assert.ok(Math.abs(roundSeconds(5000, wan, REAL, CALIBRATED) - (5000 * frame) * over ** CALIBRATED.overflowExponent) / (5000 * frame * over ** CALIBRATED.overflowExponent) < 0.01);
      // Queueing in between: slower than either bound alone, never faster.
      const n = 15;
      assert.ok(roundSeconds(n, wan, REAL, CALIBRATED) > Math.max(0.12 + CALIBRATED.perRoundTripS + frame, n * frame));
    });

    it('loss costs timeouts: 1 % loss makes a far-away fetch slower, never faster', () => {
      const far = wanOf(1.5, 300);
      assert.ok(fetchSeconds(3_157_527, wanOf(1.5, 300, 1), REAL, CALIBRATED) > fetchSeconds(3_157_527, far, REAL, CALIBRATED) + 10);
    });

    it('a binary tree of n phones is floor(log2 n) levels deep (1,000 phones: 9, as the scale bench saw)', () => {
      assert.deepEqual([1, 2, 3, 4, 1000, 1024].map(treeDepth), [0, 1, 1, 2, 9, 10]);
    });

    it('WAN bytes: traditional one load per phone, PFS one per group', () => {
      const load = SCCP41.reduce((n, f) => n + f.size, 0);
      const p = predict([group(300), { ...group(20), subnet: 'other' }], wanOf(2, 120), REAL, CALIBRATED);
      assert.equal(p.traditional.wanBytes, 320 * load);
      assert.equal(p.pfs.wanBytes, 2 * load);
      assert.equal(p.pfs.lanBytes, 318 * load);
    });

    it("the doc's 1,000 phones far away: PFS over 10x faster; PFS time nearly flat in n, traditional at least linear once saturated", () => {
      const far = wanOf(1.5, 300);
      const t1000 = predictTraditional([group(1000)], far, REAL, CALIBRATED).seconds;
      const p1000 = predictPfsGroup(group(1000), far, REAL, CALIBRATED).seconds;
      assert.ok(p1000 * 10 < t1000, `PFS ${p1000} s, traditional ${t1000} s`);
      const t500 = predictTraditional([group(500)], far, REAL, CALIBRATED).seconds;
      // Linear while the WAN's queue holds every phone's block (e = 1), worse once it overflows.
      assert.ok(t1000 / t500 >= 1.95, `traditional 1000/500 = ${t1000 / t500}`);
      const noOverflow = { ...CALIBRATED, wanQueueS: 1000 };
      const ratio = predictTraditional([group(1000)], far, REAL, noOverflow).seconds / predictTraditional([group(500)], far, REAL, noOverflow).seconds;
      assert.ok(Math.abs(ratio - 2) < 0.05, `with a queue that never overflows, 1000/500 = ${ratio}`);
      // PFS grows only by the storm of config files and a few hops: 100x the phones, under 10 % more time.
      assert.ok(predictPfsGroup(group(1000), far, REAL, CALIBRATED).seconds < 1.1 * predictPfsGroup(group(10), far, REAL, CALIBRATED).seconds);
    });

    it('break-even: PFS slower just below it, at least as fast from it on', () => {
      for (const wan of [wanOf(10, 40), wanOf(2, 120), wanOf(1.5, 300)]) {
        const n = breakEvenPhones(group(1), wan, REAL, CALIBRATED);
        assert.ok(n !== undefined && n > 1, `break-even over ${wan.rttMs} ms: ${n}`);
        const faster = (k: number) => predictPfsGroup(group(k), wan, REAL, CALIBRATED).seconds <= predictTraditional([group(k)], wan, REAL, CALIBRATED).seconds;
        assert.equal(faster(n - 1), false);
        for (const k of [n, n + 1, 2 * n, 10 * n]) assert.equal(faster(k), true, `${k} phones over ${wan.rttMs} ms`);
      }
    });

    it('a LAN so fast that sharing costs nothing still leaves PFS slower for a single phone (its timers)', () => {
      const k = { ...CALIBRATED, lanBitsPerSecond: 1e12 };
      assert.ok(predictPfsGroup(group(1), wanOf(10, 40), REAL, k).seconds > predictTraditional([group(1)], wanOf(10, 40), REAL, k).seconds);
    });
  });
});
