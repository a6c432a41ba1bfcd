// `pfslab analyze` on evidence that holds nothing it can judge: its own outcome, exit 3 with
// the reason, never exit 0 and "Violations: none" (issue 13, class 4). With --lab, the phones
// that should have been reached are listed.
import assert from 'node:assert/strict';
import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { writeUpgradeCapture } from './upgrade-capture.ts';
import { REPO_ROOT, runCli, tempDirPerSuite } from './run-cli.ts';

const LAB = path.join(REPO_ROOT, 'labs', 'virtual.yaml');

describe('pfslab analyze: nothing to analyse', function () {
  this.timeout(60_000);
  const tmp = tempDirPerSuite('pfslab-analyze-nothing-');

  async function expectNothing(file: string, reason: RegExp, extra: string[] = []): Promise<string> {
    const r = await runCli(['analyze', '--pcap', file, ...extra]);
    assert.equal(r.status, 3, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stdout, /Violations: none/);
    assert.match(r.stdout, /Nothing to analyse/);
    assert.match(r.stderr, reason);
    return r.stdout;
  }

  it('a radiotap capture (link type 127): says the link type is not read and what is', async () => {
    const file = path.join(tmp(), 'wifi.pcap');
    const b = await CaptureBuilder.create(file, { linkTypeNumber: 127 });
    for (let i = 0; i < 5; i++) b.rawFrame(Buffer.alloc(80, i));
    await b.close();
    await expectNothing(file, /link type 127 \(IEEE 802\.11 radiotap\) is not read: pfslab reads Ethernet.*Linux cooked v1\/v2, raw IP/);
  });

  it('a capture of link type 65000', async () => {
    const file = path.join(tmp(), 'odd.pcapng');
    const b = await CaptureBuilder.create(file, { format: 'pcapng', linkTypeNumber: 65000 });
    b.rawFrame(Buffer.alloc(60, 1));
    await b.close();
    await expectNothing(file, /link type 65000 \(unknown\) is not read/);
  });

  it('a header-only capture', async () => {
    const file = path.join(tmp(), 'empty.pcap');
    await (await CaptureBuilder.create(file)).close();
    await expectNothing(file, /no packets/);
  });

  it('a capture cut inside its header', async () => {
    const file = path.join(tmp(), 'cut-header.pcap');
    await writeUpgradeCapture(file);
    await truncate(file, 10);
    await expectNothing(file, /cut-header\.pcap: no packet read/);
  });

  it('a pcapng without an interface block', async () => {
    const file = path.join(tmp(), 'no-idb.pcapng');
    const b = await CaptureBuilder.create(file, { format: 'pcapng', noInterfaceBlock: true });
    b.rawFrame(Buffer.alloc(60, 1));
    await b.close();
    await expectNothing(file, /no-idb\.pcapng: no packet read: .*interface/);
  });

  it('a capture with no TFTP and no port 4051 traffic, VLAN-tagged', async () => {
    const file = path.join(tmp(), 'web.pcap');
    const b = await CaptureBuilder.create(file, { vlan: 100 });
    b.tcpSession({ client: '10.20.1.11', cport: 40000, server: '10.10.0.10', sport: 443, clientBytes: 500, serverBytes: 5000 });
    await b.close();
    await expectNothing(file, /web\.pcap: \d+ frame\(s\), none of them TFTP or port 4051 traffic/);
  });

  it('with --lab: lists the phones that should have been reached, and --json says it too', async () => {
    const file = path.join(tmp(), 'empty-lab.pcap');
    await (await CaptureBuilder.create(file)).close();
    const text = await expectNothing(file, /no packets/, ['--lab', LAB]);
    assert.match(text, /Phones of the lab the evidence does not show at all \(\d+\):/);
    assert.match(text, /SEP[0-9A-F]{12} 10\.20\.1\.\d+ \(CP-7961G/);
    const r = await runCli(['analyze', '--pcap', file, '--lab', LAB, '--json']);
    assert.equal(r.status, 3);
    const json = JSON.parse(r.stdout) as { nothingToAnalyse?: { reasons: string[]; unreached: string[] } };
    assert.ok((json.nothingToAnalyse?.unreached.length ?? 0) > 0, r.stdout.slice(0, 500));
  });

  it('logs without any root line, alone: nothing to analyse; a usable capture beside an unusable one: analysed, with a note', async () => {
    const log = path.join(tmp(), 'plain.log');
    await writeFile(log, 'NOT 02:19:24.412806 DLoad: nothing about PFS here\n');
    const r = await runCli(['analyze', '--logs', log]);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /plain\.log: no valid root/);

    const good = path.join(tmp(), 'good.pcap');
    await writeUpgradeCapture(good);
    const empty = path.join(tmp(), 'empty2.pcap');
    await (await CaptureBuilder.create(empty)).close();
    const both = await runCli(['analyze', '--pcap', good, '--pcap', empty]);
    assert.equal(both.status, 0, both.stderr);
    assert.match(both.stdout, /empty2\.pcap: no packets .*nothing in it was analysed/);
  });
});
