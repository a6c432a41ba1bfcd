// CSCtg96408: a third-generation phone (7911, 7941 ...) fails to boot after a PFS upgrade.
// The defect: a phone that received its firmware from a peer does not come up on the new
// load. The suite asserts the correct behaviour: after the PFS upgrade of the whole lab,
// every phone that got at least one file from a peer runs the target load, and answers.
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, targetLoadOf, useLab } from '../../harness/run/suite-kit.ts';
import { runsLoad } from '../../drivers/phone/index.ts';

describe('CSCtg96408: phones boot the load they got through PFS', function () {
  const lab = useLab();
  let run: UpgradeRun;
  let fedByPeers: string[] = [];

  before(async function () {
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false });
    fedByPeers = [...new Set(run.analysis.files.flatMap((t) => t.edges.filter((e) => e.complete).map((e) => e.child)))];
  });

  it('some phones got their firmware from a peer (else there is nothing to check)', function () {
    assert.ok(fedByPeers.length > 0, 'no complete peer-to-peer copy was seen in the upgrade');
  });

  it('every phone fed by a peer reached the target load', function () {
    const failed = run.phones.filter((p) => fedByPeers.includes(p.ip) && !p.reached).map((p) => `${p.phone} (${p.model}): ${p.lastSeen ?? ''}`);
    assert.deepEqual(failed, [], 'phones upgraded through PFS that did not boot the new load');
  });

  it('and still runs it now', async function () {
    const notRunning: string[] = [];
    for (const p of lab.ctx.phones.filter((x) => fedByPeers.includes(x.ip))) {
      const info = await p.web?.deviceInformation().catch((e: Error) => e);
      const target = targetLoadOf(lab.ctx.lab, p.model);
      if (info === undefined) continue;
      if (info instanceof Error) notRunning.push(`${p.name}: ${info.message}`);
      else if (!runsLoad(info, target)) notRunning.push(`${p.name}: runs ${info.appLoadId || info.versionId}`);
    }
    assert.deepEqual(notRunning, []);
  });
});
