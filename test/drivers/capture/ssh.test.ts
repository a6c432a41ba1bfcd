// The ssh driver against a real OpenSSH sshd on 127.0.0.1 as the capture host: tcpdump on
// its lo, files copied back over SFTP and removed there; failures name the host.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readCapture } from '../../../harness/evidence/pcap/index.ts';
import { captureDriver, CaptureDriverError, runningCaptures, stopAllCaptures } from '../../../drivers/capture/index.ts';
import { captureTmpDir } from '../../support/capture-tmp.ts';
import { tsharkTotal, udpPacketsTo } from './support/pcap-check.ts';
import { captureSpec } from './support/specs.ts';
import { startSshd } from './support/sshd.ts';
import type { TestSshd } from './support/sshd.ts';
import { requireRoot, requireTools } from './support/tools.ts';
import { freePort, sendUdp } from './support/traffic.ts';

describe('capture driver: tcpdump on a capture host over SSH (OpenSSH sshd)', function () {
  const tmp = captureTmpDir('pfslab-capdrv-ssh-');
  let sshd: TestSshd | undefined;
  before(async function () {
    requireTools('tcpdump', 'tshark', 'sshd', 'ssh-keygen');
    requireRoot();
    sshd = await startSshd();
  });
  after(async function () {
    await stopAllCaptures();
    await sshd?.stop();
    tmp.remove();
  });

  const spec = (extra: Record<string, unknown> = {}, ssh: Record<string, unknown> = {}): ReturnType<typeof captureSpec> =>
    captureSpec({ name: 'span', ssh: { host: '127.0.0.1', port: sshd!.port, user: 'root', privateKey: `file:${sshd!.keyFile}`, interface: 'lo', hostKey: { knownHosts: sshd!.knownHosts }, ...ssh }, ...extra });

  /** Remote capture directories (the capture host is this machine). */
  const remoteDirs = (): string[] => readdirSync('/tmp').filter((d) => d.startsWith(`pfslab-capture-span-`) && d.includes(`-${process.pid}-`));

  it('captures on the host, copies the file back and removes it there', async function () {
    const port = await freePort();
    const driver = captureDriver(spec(), { evidenceDir: tmp.dir });
    assert.equal(driver.point, `interface lo on root@127.0.0.1:${sshd!.port}`);
    const cap = await driver.start({ filter: `udp port ${port}` });
    assert.equal(remoteDirs().length, 1);
    assert.deepEqual(cap.files, []);
    // Right before stop: still in the file.
    await sendUdp('127.0.0.1', port, 9, 300);
    const out = await cap.stop();

    assert.equal(out.endedEarly, undefined);
    assert.equal(out.files.length, 1);
    assert.equal(path.dirname(out.files[0]!), tmp.dir);
    const summary = await readCapture(out.files[0]!);
    assert.equal(udpPacketsTo(summary, port), 9);
    assert.equal(tsharkTotal(out.files, `udp.dstport == ${port}`), 9);
    assert.equal(out.packetsCaptured, 9);
    assert.equal(out.droppedByKernel, 0);
    assert.deepEqual(cap.files, out.files);
    assert.deepEqual(remoteDirs(), []);
    assert.deepEqual(runningCaptures(), []);
  });

  it('copies back every file of a ring buffer', async function () {
    const port = await freePort();
    const cap = await captureDriver(spec({ snaplen: 1600, ring: { fileSizeMB: 1, files: 4 } }), { evidenceDir: tmp.dir }).start({ filter: `udp port ${port}` });
    await sendUdp('127.0.0.1', port, 1200, 1200);
    const out = await cap.stop();
    assert.equal(out.files.length, 2, out.files.join(', '));
    assert.deepEqual(out.files.map((f) => path.basename(f)), [`${cap.id}.part1.pcap`, `${cap.id}.part2.pcap`]);
    assert.equal(tsharkTotal(out.files, `udp.dstport == ${port}`), 1200);
    assert.equal(out.packetsCaptured, 1200);
    assert.deepEqual(remoteDirs(), []);
  });

  it('a connection lost mid-capture: stop() reconnects, stops tcpdump and still gets the file', async function () {
    const port = await freePort();
    const cap = await captureDriver(spec(), { evidenceDir: tmp.dir }).start({ filter: `udp port ${port}` });
    await sendUdp('127.0.0.1', port, 3);
    // Kill the sshd processes serving our connection (children of our test sshd): the
    // connection drops, tcpdump (no pty, so no SIGHUP) keeps capturing on the host.
    const served = spawnSync('pgrep', ['-P', String(sshd!.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter((l) => l !== '');
    assert.ok(served.length > 0, 'a connection process of the test sshd');
    for (const pid of served) process.kill(Number(pid), 'SIGKILL');
    await sendUdp('127.0.0.1', port, 4);
    const out = await cap.stop();
    assert.match(out.endedEarly ?? '', /SSH connection to the capture host was lost/);
    assert.equal(out.packetsCaptured, -1);
    assert.equal(tsharkTotal(out.files, `udp.dstport == ${port}`), 7);
    assert.deepEqual(remoteDirs(), []);
    assert.deepEqual(runningCaptures(), []);
  });

  async function startError(s: ReturnType<typeof captureSpec>, ctx: Record<string, unknown> = {}): Promise<CaptureDriverError> {
    const e = await captureDriver(s, { evidenceDir: tmp.dir, ...ctx })
      .start()
      .then(
        () => assert.fail('start should have failed'),
        (err: unknown) => err,
      );
    assert.ok(e instanceof CaptureDriverError, String(e));
    assert.deepEqual(remoteDirs(), []);
    assert.deepEqual(runningCaptures(), []);
    return e;
  }

  it('a missing interface on the host: tcpdump\'s message, host named', async function () {
    const e = await startError(spec({}, { interface: 'pfsnosuch0' }));
    assert.match(e.message, new RegExp(`^capture 'span' \\(interface pfsnosuch0 on root@127\\.0\\.0\\.1:${sshd!.port}\\): tcpdump failed to start`));
    assert.match(e.message, /pfsnosuch0: No such device exists/);
  });

  it('tcpdump never listening on the host: killed there at the deadline', async function () {
    // Stands in for a tcpdump stuck before listening. It keeps its command line (no exec),
    // so the driver recognises it by its capture file name, as it would tcpdump.
    const fake = tmp.file('silent-tcpdump');
    writeFileSync(fake, '#!/bin/sh\necho "tcpdump: warming up" >&2\nwhile :; do sleep 0.1; done\n');
    chmodSync(fake, 0o755);
    const e = await startError(spec(), { tcpdump: fake, listenTimeoutMs: 500 });
    assert.match(e.message, /did not report "listening on" within 500 ms \(killed it\); it said: tcpdump: warming up/);
    assert.equal(spawnSync('pgrep', ['-f', fake]).status, 1, 'the stuck process is gone');
  });

  it('sshd down: connection refused, naming the host', async function () {
    const port = await freePort();
    const e = await startError(spec({}, { port }));
    assert.match(e.message, new RegExp(`cannot connect to capture host root@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
  });

  it('a key the host does not accept: authentication failure, naming the host, not the key', async function () {
    const e = await startError(spec({}, { privateKey: undefined, password: 'virtual:not-the-password' }));
    assert.match(e.message, /cannot connect to capture host root@127\.0\.0\.1:\d+: All configured authentication methods failed/);
    assert.doesNotMatch(e.message, /not-the-password/);
    assert.equal(existsSync(tmp.file('never')), false);
  });
});
