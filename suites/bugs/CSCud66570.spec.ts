// CSCud66570: on the 7931, Peer Firmware Sharing is always disabled, whatever CUCM says. The
// suite asserts the correct behaviour on the PFS upgrade of the whole lab: a 7931 with PFS on
// in its config file takes part in PFS: it announces itself on UDP 4051 and holds a PFS
// role (root, relay or leaf) for every file of its load.
import assert from 'node:assert/strict';
import type { LabPhone, UpgradeRun } from '../../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, phonesOfModels, useLab } from '../../harness/run/suite-kit.ts';
import { notApplicable } from '../support/not-applicable.ts';

describe('CSCud66570: a 7931 with PFS enabled shares firmware', function () {
  const lab = useLab();
  let run: UpgradeRun;
  let phones: LabPhone[] = [];

  before(async function () {
    phones = phonesOfModels(lab.ctx, ['CP-7931G']);
    if (phones.length === 0) return notApplicable(this, `${lab.ctx.lab.file} has no CP-7931G`);
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false, logs: false });
    phones = phones.filter((p) => run.pfs.get(p.name) === 'Enabled');
  });

  it('its config file says PFS on', function () {
    const off = phones.filter((p) => run.configs.get(p.name)?.peerFirmwareSharing !== true).map((p) => p.name);
    assert.deepEqual(off, []);
  });

  it('it announces itself on UDP 4051', function () {
    const flows = run.captures.flatMap((c) => c.summary.udp4051);
    const silent = phones.filter((p) => !flows.some((f) => f.src === p.ip && f.broadcast)).map((p) => p.name);
    assert.deepEqual(silent, [], '7931s with PFS on that never announced themselves');
  });

  it('it holds a PFS role for every file of its load', function () {
    const wrong: string[] = [];
    for (const p of phones) {
      for (const f of lab.ctx.facts.inventory.get(p.model)?.files ?? []) {
        const role = run.analysis.files.find((t) => t.subnet === p.subnet && t.model === p.model && t.file === f.name)?.roles[p.ip];
        if (role !== 'root' && role !== 'relay' && role !== 'leaf') wrong.push(`${p.name} ${f.name}: ${role ?? 'no record'}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
