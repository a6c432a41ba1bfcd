// A phone with PFS off in a PFS branch (pfs-reference §2.1: the setting must be enabled for
// the phone): during the PFS upgrade of the whole lab, one phone of the largest hierarchy
// keeps PFS off. It must fetch every file from TFTP itself, never speak on port 4051, and
// the others' trees must form as if it were not there.
import assert from 'node:assert/strict';
import type { LabPhone, UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, pfsOffWitness, useLab } from '../harness/run/suite-kit.ts';
import { notApplicable } from './support/not-applicable.ts';
import { nameOf } from './support/pfs-views.ts';

describe('PFS: a phone with PFS off in a PFS branch', function () {
  const lab = useLab();
  let run: UpgradeRun;
  let witness: LabPhone;

  before(async function () {
    const w = pfsOffWitness(lab.ctx);
    if (!w) return notApplicable(this, `${lab.ctx.lab.file}: no hierarchy of three or more phones to leave one out of`);
    witness = w;
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { pcaps: false, logs: false });
  });

  it('its config file says PFS off, and it reaches the target load', function () {
    assert.equal(run.configs.get(witness.name)?.peerFirmwareSharing, false, `${witness.name}'s config file does not say PFS off`);
    const o = run.phones.find((p) => p.phone === witness.name);
    assert.ok(o?.reached, `${witness.name} did not reach the target load: ${o?.lastSeen ?? ''}`);
  });

  it('fetches every file of its load from TFTP itself', function () {
    const files = lab.ctx.facts.inventory.get(witness.model)?.files ?? [];
    const notTftp = files
      .map((f) => ({ f, tree: run.analysis.files.find((t) => t.subnet === witness.subnet && t.model === witness.model && t.file === f.name) }))
      .filter(({ tree }) => !tree?.tftpFetches.some((x) => x.phone === witness.ip && x.complete))
      .map(({ f, tree }) => `${f.name}: ${tree?.roles[witness.ip] ?? 'no record'}`);
    assert.deepEqual(notTftp, []);
  });

  it('never sends or receives anything on port 4051', function () {
    const seen: string[] = [];
    for (const { capture, summary } of run.captures) {
      for (const u of summary.udp4051) if (u.src === witness.ip || u.dst === witness.ip) seen.push(`${capture}: UDP ${u.src} -> ${u.dst}`);
      for (const c of summary.tcp4051) if (c.initiator === witness.ip || c.acceptor === witness.ip) seen.push(`${capture}: TCP ${c.initiator} -> ${c.acceptor}`);
    }
    assert.deepEqual(seen, []);
  });

  it('does not disturb the tree of its model: one root, every PFS phone fed by a peer, one TFTP fetch besides its own', function () {
    const wrong: string[] = [];
    for (const t of run.analysis.files.filter((x) => x.subnet === witness.subnet && x.model === witness.model)) {
      const pfsFetchers = t.tftpFetchers.filter((ip) => ip !== witness.ip);
      if (pfsFetchers.length !== 1) wrong.push(`${t.file}: TFTP fetched by ${pfsFetchers.map((ip) => nameOf(run, ip)).join(', ') || 'no PFS phone'}`);
      for (const [ip, role] of Object.entries(t.roles)) if (ip !== witness.ip && run.pfsIps.has(ip) && !['root', 'relay', 'leaf'].includes(role)) wrong.push(`${t.file}: ${nameOf(run, ip)} is ${role}`);
      if (t.edges.some((e) => e.parent === witness.ip || e.child === witness.ip)) wrong.push(`${t.file}: ${witness.name} is in the tree`);
    }
    assert.deepEqual(wrong, []);
  });
});
