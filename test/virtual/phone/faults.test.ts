// Fault switches: each makes the phones misbehave the way one known bug (or generic failure)
// does, and the project's own analysis (or the phone's own evidence) must show exactly that.
import assert from 'node:assert/strict';
import type { MiniLab } from './support/mini-lab.ts';
import type { AnalysedRun } from './support/analysed-run.ts';
import { analysedRun } from './support/analysed-run.ts';
import { parsePhoneLog } from './support/evidence.ts';

const m61 = 'CP-7961G';

describe('virtual phones: fault switches', function () {
  this.timeout(120_000);
  let run: AnalysedRun | undefined;
  afterEach(async () => {
    await run?.lab.close();
    run = undefined;
  });

  it('healthy control: three phones, no violation', async () => {
    run = await analysedRun({ firstHost: 71, phones: [{ model: m61 }, { model: m61 }, { model: m61 }] });
    assert.deepEqual(run.codes, []);
  });

  it('CSCus67416: phones with PFS on still fetch every file from TFTP (MULTIPLE_TFTP_FETCH)', async () => {
    run = await analysedRun({ firstHost: 71, phones: [{ model: m61, faults: ['CSCus67416'] }, { model: m61, faults: ['CSCus67416'] }, { model: m61 }] });
    const files = new Set(run.result.violations.filter((v) => v.code === 'MULTIPLE_TFTP_FETCH').map((v) => v.file));
    assert.equal(files.size, 5, 'every component');
    assert.deepEqual(run.codes, ['MULTIPLE_TFTP_FETCH']);
  });

  it('CSCud66570: a phone ignores PFS enabled in its config and fetches alone', async () => {
    run = await analysedRun({ firstHost: 71, phones: [{ model: m61, faults: ['CSCud66570'] }, { model: m61 }, { model: m61 }] });
    const [bad] = run.lab.phones;
    assert.equal(bad?.config?.peerFirmwareSharing, true);
    for (const t of run.result.files) assert.equal(t.roles[bad?.spec.ip ?? ''], 'tftp-only', t.file);
    assert.ok(bad && !parsePhoneLog(bad).events.some((e) => e.type === 'listening'));
    assert.deepEqual(run.codes, []);
  });

  it('third-child: a parent takes three children (FANOUT_EXCEEDED)', async () => {
    run = await analysedRun({ firstHost: 71, phones: Array.from({ length: 5 }, () => ({ model: m61, faults: ['third-child' as const] })) });
    assert.equal(new Set(run.result.violations.filter((v) => v.code === 'FANOUT_EXCEEDED').map((v) => v.file)).size, 5);
    assert.deepEqual(run.codes, ['FANOUT_EXCEEDED']);
  });

  it('cross-model-answer: 7941s and 7961s (same load) join one hierarchy (CROSS_MODEL)', async () => {
    const f = ['cross-model-answer' as const];
    run = await analysedRun({ firstHost: 71, phones: [{ model: m61, faults: f }, { model: m61, faults: f }, { model: 'CP-7941G', faults: f }, { model: 'CP-7941G', faults: f }] });
    assert.ok(run.codes.includes('CROSS_MODEL'), run.codes.join(' '));
  });

  it('early-forward: a root forwards while it still fetches (INCOMPLETE_FORWARD)', async () => {
    run = await analysedRun({ firstHost: 71, phones: Array.from({ length: 3 }, () => ({ model: m61, faults: ['early-forward' as const] })) });
    assert.equal(new Set(run.result.violations.filter((v) => v.code === 'INCOMPLETE_FORWARD').map((v) => v.file)).size, 5);
    assert.deepEqual(run.codes, ['INCOMPLETE_FORWARD']);
  });

  it('corrupt-hop: children reject the damaged copy, fetch from TFTP, and run the right load', async () => {
    run = await analysedRun({ firstHost: 71, phones: Array.from({ length: 3 }, () => ({ model: m61, faults: ['corrupt-hop' as const] })) });
    const bad = run.lab.phones.flatMap((p) => parsePhoneLog(p).events.filter((e) => e.type === 'other' && e.name === 'rx-file' && e.fields.verdict === 'BAD'));
    assert.equal(bad.length, 10, 'two children per file, each rejected its copy');
    for (const p of run.lab.phones) assert.ok(![...p.origins.values()].includes('pfs'), `${p.name} kept no PFS copy`);
    assert.ok(run.codes.includes('MULTIPLE_TFTP_FETCH'));
  });

  it('CSCtg96408: a phone that got files through PFS does not start the new load', async () => {
    const allSettled = async (lab: MiniLab) => {
      const deadline = Date.now() + 90_000;
      while (!lab.phones.every((p) => p.state === 'boot-failed' || (p.state === 'running' && p.flash.runningLoad === lab.target.get(p.spec.model)))) {
        if (Date.now() > deadline) throw new Error(lab.phones.map((p) => p.state).join(' '));
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    run = await analysedRun({ firstHost: 71, phones: [{ model: m61, faults: ['CSCtg96408'] }, { model: m61, faults: ['CSCtg96408'] }, { model: m61, pfs: false, faults: ['CSCtg96408'] }] }, allSettled);
    for (const p of run.lab.phones) {
      const viaPfs = [...p.origins.values()].includes('pfs');
      assert.equal(p.state, viaPfs ? 'boot-failed' : 'running', p.name);
    }
    assert.equal(run.lab.phones[2]?.state, 'running', 'the PFS-off phone is not affected');
    assert.deepEqual(run.codes, [], 'the upgrade itself was clean');
  });
});
