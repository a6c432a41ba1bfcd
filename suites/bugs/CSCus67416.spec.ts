// CSCus67416: PFS enabled, yet phone B still downloads its firmware from the servers. The
// defect: a phone with PFS on fetches files over TFTP although a peer has them. The suite
// asserts the correct behaviour on the PFS upgrade of the whole lab: for each file, the only
// phone of a hierarchy that fetches it from TFTP is the root.
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, useLab } from '../../harness/run/suite-kit.ts';
import { nameOf, pfsTrees } from '../support/pfs-views.ts';

describe('CSCus67416: a phone with PFS on does not download firmware from TFTP', function () {
  const lab = useLab();
  let run: UpgradeRun;

  before(async function () {
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { logs: false });
  });

  it('no phone with PFS on but the root fetches a file from TFTP', function () {
    const offenders = pfsTrees(run).flatMap((t) =>
      t.tftpFetches.filter((f) => run.pfsIps.has(f.phone) && f.phone !== t.root).map((f) => `${t.file}: ${nameOf(run, f.phone)} fetched ${f.bytes} B from TFTP (root ${t.root ? nameOf(run, t.root) : 'none'})`),
    );
    assert.deepEqual(offenders, []);
  });

  it('no phone with PFS on ends up in the roles tftp-only or tftp-fallback', function () {
    const wrong = pfsTrees(run).flatMap((t) =>
      Object.entries(t.roles)
        .filter(([ip, role]) => run.pfsIps.has(ip) && (role === 'tftp-only' || role === 'tftp-fallback'))
        .map(([ip, role]) => `${t.file}: ${nameOf(run, ip)} ${role}`),
    );
    assert.deepEqual(wrong, []);
  });
});
