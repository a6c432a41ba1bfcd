// `pfslab analyze` end to end: real files in, the printed report and the exit status out.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, runCli, tempDirPerSuite } from './run-cli.ts';
import { APPS41, writeUpgradeCapture } from './upgrade-capture.ts';

const FIXTURE_LOG = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'root-phone-console.as-published.log');

interface JsonReport {
  files: { subnet: string; model: string; file: string; root?: string; edges: { parent: string; child: string; bytes: number }[]; tftpFetchers: string[]; roles: Record<string, string> }[];
  wan: { totalBytes: number; minimumBytes: number; excessBytes: number };
  violations: { code: string; file: string; phones: string[]; evidence: { kind: string; frames?: number[]; lines?: number[] }[] }[];
  inferred: string[];
  notes: string[];
  logRoots: { file: string; rootIp: string; model: string; line: number }[];
}

describe('pfslab analyze', function () {
  this.timeout(120_000);
  const tmp = tempDirPerSuite('pfslab-analyze-');

  it('reconstructs the tree of a healthy upgrade from a pcapng and exits 0', async () => {
    const pcap = path.join(tmp(), 'healthy.pcapng');
    await writeUpgradeCapture(pcap, { format: 'pcapng' });
    const r = await runCli(['analyze', '--pcap', pcap, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.files.length, 1);
    const f = report.files[0];
    assert.equal(f?.file, APPS41.name);
    assert.equal(f?.subnet, '10.20.1.0/24');
    assert.equal(f?.root, '10.20.1.11');
    assert.deepEqual(
      f?.edges.map((e) => `${e.parent}>${e.child}`),
      ['10.20.1.11>10.20.1.12', '10.20.1.11>10.20.1.13', '10.20.1.12>10.20.1.14'],
    );
    assert.equal(f?.edges[0]?.bytes, APPS41.size + 64);
    assert.deepEqual(f?.roles, { '10.20.1.11': 'root', '10.20.1.12': 'relay', '10.20.1.13': 'leaf', '10.20.1.14': 'leaf' });
    assert.equal(report.wan.totalBytes, APPS41.size);
    assert.equal(report.wan.excessBytes, 0);
    assert.deepEqual(report.violations, []);
    assert.ok(report.inferred.length > 0, 'without --lab the report says what it inferred');
  });

  it('prints the tree, the roles table and the WAN line as text', async () => {
    const pcap = path.join(tmp(), 'healthy.pcap');
    await writeUpgradeCapture(pcap);
    const r = await runCli(['analyze', '--pcap', pcap]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /10\.20\.1\.11 root \(from TFTP\)/);
    assert.match(r.stdout, /├─ 10\.20\.1\.12 relay/);
    assert.match(r.stdout, /│ {2}└─ 10\.20\.1\.14 leaf/);
    assert.match(r.stdout, /Roles per file:/);
    assert.match(r.stdout, /excess 0 B/);
    assert.match(r.stdout, /Violations: none/);
  });

  it('exits 1 and names the frames when two phones fetch the same file from TFTP', async () => {
    const pcap = path.join(tmp(), 'double.pcap');
    const cap = await writeUpgradeCapture(pcap, { extraTftpFetcher: true });
    const r = await runCli(['analyze', '--pcap', pcap, '--json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const v = report.violations.find((x) => x.code === 'MULTIPLE_TFTP_FETCH');
    assert.ok(v, JSON.stringify(report.violations));
    assert.deepEqual(v.phones.sort(), ['10.20.1.11', '10.20.1.14']);
    assert.deepEqual(v.evidence[0]?.frames, [cap.tftpRequestFrame.get('10.20.1.11'), cap.tftpRequestFrame.get('10.20.1.14')]);
    assert.equal(report.wan.excessBytes, APPS41.size);
  });

  it('catches a third child (FANOUT_EXCEEDED) with the connections\' first frames', async () => {
    const pcap = path.join(tmp(), 'fanout.pcap');
    const cap = await writeUpgradeCapture(pcap, { thirdChild: true, linkType: 'sll2' });
    const r = await runCli(['analyze', '--pcap', pcap, '--json']);
    assert.equal(r.status, 1);
    const v = (JSON.parse(r.stdout) as JsonReport).violations.find((x) => x.code === 'FANOUT_EXCEEDED');
    assert.ok(v);
    const expected = ['10.20.1.11>10.20.1.12', '10.20.1.11>10.20.1.13', '10.20.1.11>10.20.1.15'].map((k) => cap.edges.get(k)?.firstFrame);
    assert.deepEqual(v.evidence[0]?.frames, expected);
  });

  it('reads the published root console log as it is and reports its HROOT', async () => {
    const r = await runCli(['analyze', '--logs', FIXTURE_LOG, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.logRoots.map((l) => [l.file, l.rootIp, l.model]),
      [['SCCP41.9-4-2SR2-2S.loads', '10.106.117.68', 'CP-7961G']],
    );
  });

  it('finds phone logs in a directory by the IP in their path and cross-checks roots', async () => {
    const pcap = path.join(tmp(), 'crosscheck.pcap');
    await writeUpgradeCapture(pcap);
    const logs = path.join(tmp(), 'logs', '10.20.1.13');
    await mkdir(logs, { recursive: true });
    // The root's log, as the phone at .13 would write it, names .13 as root: the capture says .11.
    const text = (await readFile(FIXTURE_LOG, 'utf8')).replace('10.106.117.68 /dnld/SCCP41.9-4-2SR2-2S.loads', '10.20.1.13 /dnld/apps41.9-4-2ES26.sbn');
    await writeFile(path.join(logs, 'log0.log'), text);
    const r = await runCli(['analyze', '--pcap', pcap, '--logs', path.join(tmp(), 'logs'), '--json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const v = report.violations.find((x) => x.code === 'LOG_PCAP_DISAGREE');
    assert.ok(v, JSON.stringify(report.violations));
    assert.deepEqual(v.phones, ['10.20.1.11', '10.20.1.13']);
    assert.equal(v.evidence[0]?.kind, 'log');
  });

  it('draws one SVG per file tree with --svg', async () => {
    const pcap = path.join(tmp(), 'svg.pcap');
    await writeUpgradeCapture(pcap);
    const out = path.join(tmp(), 'svg');
    const r = await runCli(['analyze', '--pcap', pcap, '--svg', out]);
    assert.equal(r.status, 0, r.stderr);
    const files = await readdir(out);
    assert.deepEqual(files, ['10.20.1.0_24_SCCP41_family_apps41.9-4-2ES26.sbn.svg']);
    const svg = await readFile(path.join(out, files[0] ?? ''), 'utf8');
    assert.match(svg, /^<svg /);
    for (const phone of ['10.20.1.11', '10.20.1.12', '10.20.1.13', '10.20.1.14']) assert.ok(svg.includes(`>${phone}<`), phone);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 3, 'one drawn edge per copy');
  });

  it('analyses what a truncated capture holds and says where reading stopped', async () => {
    const pcap = path.join(tmp(), 'cut.pcap');
    await writeUpgradeCapture(pcap);
    const full = (await stat(pcap)).size;
    await truncate(pcap, full - 700);
    const r = await runCli(['analyze', '--pcap', pcap]);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /cut\.pcap: read stopped at byte \d+ \(frame \d+\)/);
    assert.match(r.stdout, /10\.20\.1\.11 root/);
  });

  describe('bad input: exit 2 and a message naming the input', () => {
    it('a capture that does not exist', async () => {
      const r = await runCli(['analyze', '--pcap', path.join(tmp(), 'nope.pcap')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /nope\.pcap/);
    });

    it('a file that is not a capture', async () => {
      const notPcap = path.join(tmp(), 'notes.pcap');
      await copyFile(FIXTURE_LOG, notPcap);
      const r = await runCli(['analyze', '--pcap', notPcap]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /notes\.pcap/);
    });

    it('a broken lab description', async () => {
      const lab = path.join(tmp(), 'broken.yaml');
      await writeFile(lab, 'name: x\nkind: real\nphones: 7\n');
      const pcap = path.join(tmp(), 'h.pcap');
      await writeUpgradeCapture(pcap);
      const r = await runCli(['analyze', '--lab', lab, '--pcap', pcap]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /broken\.yaml:\d+:\d+/);
    });

    it('no evidence at all', async () => {
      const r = await runCli(['analyze']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /nothing to analyse/);
    });
  });

  it('every subcommand has --help', async () => {
    for (const args of [['analyze', '--help'], ['lab', 'validate', '--help'], ['run', '--help'], ['cucm', 'probe', '--help'], ['--help']]) {
      const r = await runCli(args);
      assert.equal(r.status, 0, args.join(' '));
      assert.match(r.stdout, /Usage: pfslab/);
    }
    const analyze = await runCli(['analyze', '--help']);
    for (const opt of ['--lab', '--pcap', '--logs', '--json', '--svg']) assert.ok(analyze.stdout.includes(opt), opt);
  });
});
