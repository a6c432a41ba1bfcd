// PFS hierarchy formation (pfs-reference §2.2-2.6): when many phones upgrade at once with PFS
// on, each file crosses the WAN once per model per subnet, to one root, and reaches every
// other phone through a binary tree, store-and-forward. Read from the captures and console
// logs of one upgrade of the whole lab (harness/pfs does the reconstruction).
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, useLab } from '../harness/run/suite-kit.ts';
import { pfsTrees, violationsOf } from './support/pfs-views.ts';

describe('PFS hierarchy formation', function () {
  const lab = useLab();
  let run: UpgradeRun;

  before(async function () {
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run);
  });

  it('every phone with PFS on reaches the target load', function () {
    const missed = run.phones.filter((o) => run.pfs.get(o.phone) === 'Enabled' && !o.reached);
    assert.deepEqual(missed.map((m) => `${m.phone}: ${m.lastSeen ?? ''}`), [], 'phones that did not reach the target load');
  });

  it('forms exactly one tree, with one root, per file per model per subnet', function () {
    const trees = pfsTrees(run);
    assert.ok(trees.length > 0, 'no PFS file tree was reconstructed from the evidence');
    const rootless = trees.filter((t) => t.root === undefined).map((t) => `${t.subnet}/${t.model}/${t.file}`);
    assert.deepEqual(rootless, [], 'trees without a root');
    assert.deepEqual(violationsOf(run, 'MULTIPLE_ROOTS', 'NOT_A_TREE'), [], 'more than one root, or not a tree');
  });

  it('is binary: no parent feeds more than two children', function () {
    const wide = pfsTrees(run).flatMap((t) => {
      const fanout = new Map<string, number>();
      for (const e of t.edges) fanout.set(e.parent, (fanout.get(e.parent) ?? 0) + 1);
      return [...fanout].filter(([, n]) => n > 2).map(([p, n]) => `${t.file}: ${p} feeds ${n}`);
    });
    assert.deepEqual(wide, [], 'parents with more than two children');
    assert.deepEqual(violationsOf(run, 'FANOUT_EXCEEDED'), []);
  });

  it('reaches every phone with PFS on through the tree, for every file', function () {
    const notReached = pfsTrees(run).flatMap((t) =>
      Object.entries(t.roles)
        .filter(([ip, role]) => run.pfsIps.has(ip) && !['root', 'relay', 'leaf'].includes(role))
        .map(([ip, role]) => `${t.file}: ${ip} is ${role}`),
    );
    assert.deepEqual(notReached, [], 'PFS phones that did not get the file from a peer');
    assert.deepEqual(violationsOf(run, 'PHONE_NOT_REACHED'), []);
  });

  it('fetches each file from TFTP once per model per subnet (the root only)', function () {
    const extra = pfsTrees(run).flatMap((t) => {
      const fetchers = t.tftpFetchers.filter((ip) => run.pfsIps.has(ip));
      return fetchers.length === 1 ? [] : [`${t.subnet}/${t.model}/${t.file}: fetched over TFTP by ${fetchers.join(', ') || 'nobody'}`];
    });
    assert.deepEqual(extra, [], 'files fetched from TFTP more than once (or never) by PFS phones');
    assert.deepEqual(violationsOf(run, 'MULTIPLE_TFTP_FETCH'), []);
  });

  it('forwards a file only once the parent has all of it (store-and-forward)', function () {
    assert.deepEqual(violationsOf(run, 'INCOMPLETE_FORWARD'), [], 'parents that forwarded before they had the whole file');
  });

  it('the console logs and the captures tell the same story', function () {
    assert.deepEqual(violationsOf(run, 'LOG_PCAP_DISAGREE'), []);
  });
});
