// A parent loses power mid-transfer (pfs-reference §1: "falls back to TFTP on error"): while
// the largest hierarchy upgrades, the harness pulls the PoE plug of a relay whose children
// are connected to it. Its children must still get every file (from another parent, or from
// TFTP), and every phone, the relay included once it is powered again, must reach the target.
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, PARENT_POWER_LOSS, useLab } from '../harness/run/suite-kit.ts';
import { nameOf } from './support/pfs-views.ts';

describe('PFS: a parent loses power mid-transfer', function () {
  const lab = useLab();
  let run: UpgradeRun;
  let victim: string | undefined;
  let children: string[] = [];

  before(async function () {
    run = await lab.scenario(PARENT_POWER_LOSS);
    await attachRun(run);
    const cut = run.during?.actions.find((a) => a.phone !== undefined && a.what.startsWith('power off'));
    victim = cut?.phone;
    children = cut?.children ?? [];
  });

  it('the harness caught a relay with connected children and cut its power', function () {
    assert.ok(victim, `no relay was seen with open child connections during the upgrade: ${run.during?.actions.map((a) => a.what).join('; ') ?? 'nothing done'}`);
    assert.ok(children.length > 0, `${victim} had no connected child when its power was cut`);
  });

  it('its children still get every file of their load', function () {
    const incomplete: string[] = [];
    for (const ip of children) {
      const phone = run.phones.find((p) => p.ip === ip);
      for (const t of run.analysis.files.filter((x) => x.roles[ip] !== undefined)) {
        const role = t.roles[ip];
        if (role === 'missing') incomplete.push(`${phone?.phone ?? ip} ${t.file}: ${role}`);
      }
    }
    assert.deepEqual(incomplete, []);
  });

  it('every phone, the one that lost power included, reaches the target load', function () {
    const missed = run.phones.filter((p) => !p.reached).map((p) => `${p.phone}${p.phone === victim ? ' (lost power)' : ''}: ${p.lastSeen ?? ''}`);
    assert.deepEqual(missed, []);
  });

  it('no phone fails to get a complete copy of any file', function () {
    const missing = run.analysis.files.flatMap((t) => Object.entries(t.roles).filter(([, r]) => r === 'missing').map(([ip]) => `${t.file}: ${nameOf(run, ip)}`));
    assert.deepEqual(missing, []);
  });
});
