// A throwaway OpenSSH sshd on 127.0.0.1 as the capture host: its own host key, config and
// authorized_keys (root, key only), in a temp directory removed by stop().
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './traffic.ts';
import { requireTools } from './tools.ts';

export interface TestSshd {
  port: number;
  /** PID of the listening sshd (its children serve the connections). */
  pid: number;
  /** Private key file of root's authorized key (a file: secret reference target). */
  keyFile: string;
  /** An OpenSSH known_hosts file that knows this sshd's host key (as [127.0.0.1]:port). */
  knownHosts: string;
  /** The host key's public line (type base64), as ssh-keyscan would print after the name. */
  hostPublicKey: string;
  stop(): Promise<void>;
}

export async function startSshd(): Promise<TestSshd> {
  const tools = requireTools('sshd', 'ssh-keygen');
  const dir = mkdtempSync(path.join(tmpdir(), 'pfslab-sshd-'));
  const keygen = (file: string): void => {
    const r = spawnSync(tools['ssh-keygen']!, ['-q', '-t', 'ed25519', '-N', '', '-f', file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  };
  keygen(path.join(dir, 'host_key'));
  keygen(path.join(dir, 'user_key'));
  copyFileSync(path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys'));
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `HostKey ${dir}/host_key`,
      `PidFile ${dir}/sshd.pid`,
      `AuthorizedKeysFile ${dir}/authorized_keys`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      // The keys live under /tmp (world-writable): StrictModes would refuse them.
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  // sshd refuses to start without its privilege separation directory (normally made by systemd).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child: ChildProcess = spawn(tools.sshd!, ['-D', '-e', '-p', String(port), '-f', config, '-h', path.join(dir, 'host_key')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i++) {
    if (await accepts(port)) break;
    if (child.exitCode !== null || i > 100) {
      await stop();
      throw new Error(`test sshd did not come up on port ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const hostPublicKey = readFileSync(path.join(dir, 'host_key.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPublicKey}\n`);
  return { port, pid: child.pid!, keyFile: path.join(dir, 'user_key'), knownHosts, hostPublicKey, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
