// The suite kit's evidence guard (issue 13, class 9): a suite judges an upgrade only when its
// captures exist, hold PFS traffic and show every phone judged; otherwise the suite ends as
// a lab or infrastructure problem (the report's category), never as a pass.
import assert from 'node:assert/strict';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import type { LabFacts } from '../../harness/pfs/inventory.ts';
import { analyzePfs } from '../../harness/pfs/analyze.ts';
import { categoryOf, LAB_PROBLEM } from '../../harness/run/report/categories.ts';
import { EvidenceMissingError, requireEvidence } from '../../harness/run/suite-kit.ts';
import type { GuardedRun } from '../../harness/run/orchestrate/evidence-guard.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { UpgradeScript } from '../pfs/built-upgrade.ts';
import { branchFacts } from '../pfs/flow-scenario.ts';

const APPS = { name: 'apps41.9-4-2ES26.sbn', size: 20_000 };
const ip = (n: number, subnet = 1): string => `10.20.${subnet}.${n}`;
const PHONES = [11, 12, 13].map((n) => ({ phone: `SEP00000000${n}`, ip: ip(n), subnet: 'branch', reached: true }));

function facts(): LabFacts {
  const f = branchFacts();
  f.phones = f.phones.filter((p) => PHONES.some((x) => x.ip === p.ip));
  f.inventory = new Map([['CP-7961G', { id: 'SCCP41.9-4-2SR2-2S', files: [APPS] }]]);
  return f;
}

describe('suite kit: the evidence guard', function () {
  this.timeout(30_000);
  const tmp = captureTmpDir('pfslab-guard-');
  after(() => tmp.remove());

  async function runOf(name: string, script: (u: UpgradeScript) => void, phones = PHONES): Promise<GuardedRun> {
    const file = tmp.file(name);
    const b = await CaptureBuilder.create(file);
    script(new UpgradeScript(b));
    await b.close();
    const summary = await readCapture(file);
    return { title: 'PFS upgrade', captures: [{ capture: 'branch-lan', summary }], analysis: analyzePfs({ captures: [summary], logs: [] }, facts()), phones };
  }

  const healthy = (u: UpgradeScript): void => {
    for (const n of [11, 12, 13]) u.announce(ip(n));
    u.tftp(ip(11), APPS, 1).feed(ip(11), ip(12), APPS, 3).feed(ip(11), ip(13), APPS, 5);
  };

  function assertLabProblem(run: GuardedRun, message: RegExp): void {
    let caught: unknown;
    try {
      requireEvidence(run);
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof EvidenceMissingError, `expected EvidenceMissingError, got ${String(caught)}`);
    assert.match(caught.message, message);
    assert.equal(categoryOf('broken', { message: caught.message, trace: caught.stack ?? '' }), LAB_PROBLEM);
  }

  it('lets a capture that shows the upgrade through', async () => {
    requireEvidence(await runOf('healthy.pcap', healthy));
  });

  it('stops a capture point that saw nothing (header only)', async () => {
    assertLabProblem(await runOf('blind.pcap', () => undefined), /nothing to analyse: .*no packets/);
  });

  it('stops when no capture file was written at all', async () => {
    const run = await runOf('h.pcap', healthy);
    assertLabProblem({ ...run, captures: [] }, /no capture point wrote a capture file/);
  });

  it('stops a capture of the wrong subnet: the judged phones are not in it', async () => {
    const run = await runOf('other-subnet.pcap', (u) => {
      for (const n of [21, 22]) u.announce(ip(n, 2));
      u.tftp(ip(21, 2), APPS, 1).feed(ip(21, 2), ip(22, 2), APPS, 3);
    });
    assertLabProblem(run, /no packet of 3 phone\(s\) of subnet branch: SEP0000000011 \(10\.20\.1\.11\)/);
  });

  it('stops a capture whose filter dropped port 4051: phones on the target load with no copy in it', async () => {
    // Only the root's TFTP read and the others' config-file reads made it into the capture.
    const run = await runOf('no-4051.pcap', (u) => {
      u.tftp(ip(11), APPS, 1);
      for (const n of [12, 13]) u.tftp(ip(n), { name: `SEP00000000${n}.cnf.xml`, size: 2000 }, 2);
    });
    assertLabProblem(run, /file copies of phones that reached the target load are not in the captures: SEP0000000012 \(10\.20\.1\.12\) apps41/);
  });

  it('does not stop on a phone that never reached the target and got no copy: that is the product\'s to answer for', async () => {
    const run = await runOf('not-reached.pcap', (u) => {
      for (const n of [11, 12, 13]) u.announce(ip(n));
      u.tftp(ip(11), APPS, 1).feed(ip(11), ip(12), APPS, 3);
      u.tftp(ip(13), { name: 'SEP0000000013.cnf.xml', size: 2000 }, 2);
    }, PHONES.map((p) => (p.ip === ip(13) ? { ...p, reached: false } : p)));
    requireEvidence(run);
    assert.equal(run.analysis.files[0]?.roles[ip(13)], 'missing');
  });
});
