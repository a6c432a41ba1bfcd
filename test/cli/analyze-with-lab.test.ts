// `pfslab analyze --lab`: the lab's inventory names the models and subnets and says which
// phones should have been reached, which the evidence alone cannot.
import assert from 'node:assert/strict';
import path from 'node:path';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { factsFromLab, loadLab } from '../../harness/lab/index.ts';
import { REPO_ROOT, runCli, tempDirPerSuite } from './run-cli.ts';

const LAB = path.join(REPO_ROOT, 'labs', 'virtual.yaml');
const APPS = 'apps41.9-4-2ES26.sbn';

interface Report {
  files: { subnet: string; model: string; file: string; size: number; root: string; roles: Record<string, string> }[];
  violations: { code: string; file: string; phones: string[]; subnet: string; model: string }[];
  inferred: string[];
}

describe('pfslab analyze --lab', function () {
  this.timeout(60_000);
  const tmp = tempDirPerSuite('pfslab-analyze-lab-');

  it('names the lab\'s subnet and model and flags the 7961s that got no copy', async () => {
    const facts = factsFromLab(await loadLab(LAB));
    const size = facts.inventory.get('CP-7961G')?.files.find((f) => f.name === APPS)?.size;
    assert.ok(size !== undefined && size > 0, 'the virtual lab lists apps41 for CP-7961G');

    const pcap = path.join(tmp(), 'branch-a.pcap');
    const b = await CaptureBuilder.create(pcap);
    for (const n of [21, 22, 23]) b.udp({ src: `10.20.1.${n}`, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 48 });
    b.tftpRead({ client: '10.20.1.21', cport: 50000, server: '10.10.0.11', stid: 51000, file: APPS, size, blksize: 1428 });
    b.tcpSession({ client: '10.20.1.22', cport: 40000, server: '10.20.1.21', sport: 4051, clientBytes: 40, serverBytes: size });
    b.tcpSession({ client: '10.20.1.23', cport: 40001, server: '10.20.1.21', sport: 4051, clientBytes: 40, serverBytes: size });
    await b.close();

    const r = await runCli(['analyze', '--lab', LAB, '--pcap', pcap, '--json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const tree = report.files.find((f) => f.file === APPS);
    assert.equal(tree?.subnet, 'branch-a');
    assert.equal(tree?.model, 'CP-7961G');
    assert.equal(tree?.size, size);
    assert.equal(tree?.root, '10.20.1.21');

    const unreached = report.violations.filter((v) => v.code === 'PHONE_NOT_REACHED' && v.file === APPS).flatMap((v) => v.phones);
    const expected = facts.phones.filter((p) => p.model === 'CP-7961G' && p.subnet === 'branch-a' && !['10.20.1.21', '10.20.1.22', '10.20.1.23'].includes(p.ip)).map((p) => p.ip);
    assert.deepEqual(unreached, expected);
    assert.equal(expected.length, 7);
    // The 7941s share the load but form their own hierarchy: nothing of theirs is expected here.
    assert.ok(!unreached.includes('10.20.1.31'));
    assert.deepEqual(report.inferred, []);
  });
});
