// A phone that boots while its neighbours' upgrade is under way joins the hierarchies that
// exist (the roots answer its claims, also for files they already hold) instead of electing
// itself and fetching from TFTP again. Checked from the capture by the PFS analysis.
import assert from 'node:assert/strict';
import type { AnalysedRun } from './support/analysed-run.ts';
import { analysedRun } from './support/analysed-run.ts';
import type { MiniLab } from './support/mini-lab.ts';

/** Holds the first phone off until both others hold `files` components, then powers it and waits for all. */
function latecomerAfter(files: number) {
  return async (lab: MiniLab) => {
    const [late, ...early] = lab.phones;
    assert.ok(late);
    late.powerOff();
    while (!early.every((p) => p.origins.size >= files)) await new Promise((r) => setTimeout(r, 5));
    late.powerOn();
    await lab.waitAllRunningNewLoad(90_000);
  };
}

const threePhones = [{ model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G' }];

describe('virtual phones: a latecomer joins the existing hierarchies', function () {
  this.timeout(120_000);
  let run: AnalysedRun | undefined;
  after(() => run?.lab.close());

  it('gets the files its neighbours hold from a peer, with one TFTP fetch per file in all', async () => {
    // Power comes to the latecomer once both others hold the first component.
    run = await analysedRun({ firstHost: 81, phones: threePhones }, latecomerAfter(1));
    assert.deepEqual(run.codes, []);
    // The first component was already held by the others when it booted: it came from a peer.
    // (It may win the election for a later file that all three still need: that is fine.)
    const late = run.lab.phones[0];
    assert.equal(late?.origins.get('jar41sccp.9-4-2ES26.sbn'), 'pfs');
  });

  it('still finds every hierarchy when it boots once the others hold all but the last file', async () => {
    await run?.lab.close();
    // The others are far ahead: the roots of their later files expected only them (the first
    // file's root had counted two phones) and may have said DONE already.
    run = await analysedRun({ firstHost: 91, phones: threePhones }, latecomerAfter(4));
    assert.deepEqual(run.codes, []);
    assert.equal(run.lab.phones[0]?.origins.get('jar41sccp.9-4-2ES26.sbn'), 'pfs');
  });
});
