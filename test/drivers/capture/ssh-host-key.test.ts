// Who is on the other end: the capture host's SSH key is checked as OpenSSH users expect,
// against a real OpenSSH sshd (its own ed25519 host key), before any credential is sent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectCaptureHost } from '../../../drivers/capture/ssh-connect.ts';
import type { SshCaptureSpec } from '../../../drivers/capture/ssh-connect.ts';
import { fingerprintOf, hostKeyCheck, knownKeys } from '../../../drivers/ssh/host-key-check.ts';
import { CaptureDriverError } from '../../../drivers/capture/index.ts';
import { captureSpec } from './support/specs.ts';
import { startSshd } from './support/sshd.ts';
import type { TestSshd } from './support/sshd.ts';
import { requireRoot, requireTools } from './support/tools.ts';

describe('capture host over SSH: host key checking (OpenSSH sshd)', function () {
  this.timeout(60_000);
  let sshd: TestSshd | undefined;
  let dir = '';
  before(async function () {
    requireTools('sshd', 'ssh-keygen');
    requireRoot();
    sshd = await startSshd();
    dir = mkdtempSync(path.join(tmpdir(), 'pfslab-hostkey-'));
  });
  after(async function () {
    await sshd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const ssh = (hostKey: Record<string, unknown> | undefined): SshCaptureSpec =>
    captureSpec({ name: 'span', ssh: { host: '127.0.0.1', port: sshd!.port, user: 'root', privateKey: `file:${sshd!.keyFile}`, interface: 'lo', ...(hostKey ? { hostKey } : {}) } }).ssh!;
  const hostFingerprint = (): string => fingerprintOf(Buffer.from(sshd!.hostPublicKey.split(' ')[1]!, 'base64'));
  const connect = async (hostKey: Record<string, unknown> | undefined): Promise<string> => {
    const session = await connectCaptureHost('span', 'lo', ssh(hostKey), {}, 10_000);
    try {
      return (await session.exec('echo connected')).stdout.trim();
    } finally {
      session.end();
    }
  };
  const refused = async (hostKey: Record<string, unknown> | undefined, message: RegExp): Promise<void> => {
    await assert.rejects(connect(hostKey), (e: unknown) => {
      assert.ok(e instanceof CaptureDriverError, String(e));
      assert.match(e.message, message);
      return true;
    });
  };

  it('a known_hosts file that knows the key: connects', async function () {
    assert.equal(await connect({ knownHosts: sshd!.knownHosts }), 'connected');
  });

  it('an unknown host is refused, with what to do, unless the lab opts in to first use', async function () {
    const empty = path.join(dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    await refused({ knownHosts: empty }, /host key SHA256:\S+ refused: \[127\.0\.0\.1\]:\d+ is not in .*empty_known_hosts.*acceptNew: true/);
  });

  it('a changed key (known_hosts holds another) is refused, also with acceptNew', async function () {
    const other = path.join(dir, 'other_key');
    assert.equal(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]).status, 0);
    const stale = path.join(dir, 'stale_known_hosts');
    writeFileSync(stale, `[127.0.0.1]:${sshd!.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    for (const acceptNew of [false, true]) await refused({ knownHosts: stale, acceptNew }, /the server's key CHANGED, or someone else answers on that address/);
  });

  it('first use with acceptNew: trusted, logged and recorded; the next connection checks against it', async function () {
    const fresh = path.join(dir, 'fresh', 'known_hosts');
    const logged: string[] = [];
    const check = hostKeyCheck('127.0.0.1', sshd!.port, { acceptNew: true, insecure: false, knownHosts: fresh }, 'capture span', 'captures[span].ssh.hostKey', { log: (l) => logged.push(l) });
    const blob = Buffer.from(sshd!.hostPublicKey.split(' ')[1]!, 'base64');
    assert.equal(await check.verify(blob), true);
    assert.match(logged.join('\n'), new RegExp(`first use: trusted host key ${hostFingerprint().replace(/[+/]/g, '\\$&')} and recorded it in .*fresh/known_hosts`));
    assert.equal(knownKeys(readFileSync(fresh, 'utf8'), `[127.0.0.1]:${sshd!.port}`).length, 1);
    // Recorded: a plain check (no acceptNew) now connects through the real sshd.
    assert.equal(await connect({ knownHosts: fresh }), 'connected');
  });

  it('a pinned fingerprint: the right one connects, another is refused', async function () {
    assert.equal(await connect({ fingerprint: hostFingerprint() }), 'connected');
    await refused({ fingerprint: `SHA256:${'A'.repeat(43)}` }, /the lab pins captures\[span\]\.ssh\.hostKey\.fingerprint to another key/);
  });

  it('known_hosts lines hashed by ssh-keygen -H match too', async function () {
    const hashed = path.join(dir, 'hashed_known_hosts');
    writeFileSync(hashed, readFileSync(sshd!.knownHosts));
    assert.equal(spawnSync('ssh-keygen', ['-H', '-f', hashed]).status, 0);
    assert.match(readFileSync(hashed, 'utf8'), /^\|1\|/);
    assert.equal(await connect({ knownHosts: hashed }), 'connected');
  });
});
