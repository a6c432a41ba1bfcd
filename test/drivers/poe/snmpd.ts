// Debian's snmpd (net-snmp 5.9) as a third-party PoE agent: a temp config with v2c
// communities, v3 users and a pass_persist handler (peth-pass-persist.js) that serves a
// writable pethPsePortTable. Started on 127.0.0.1 and a free UDP port; stopped by PID.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import * as snmp from 'net-snmp';
import { RO, RW, V3_AES, V3_DES } from './virtual-lab.ts';

export const SNMPD = '/usr/sbin/snmpd';
const HANDLER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'peth-pass-persist.js');
const PETH_PSE_PORT_ENTRY = '.1.3.6.1.2.1.105.1.1.1';

export interface Snmpd {
  port: number;
  /** What snmpd logged (for a failure message). */
  log(): string;
  stop(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function config(ports: number, detectMs: number, emptyPort: number): string {
  return [
    `rocommunity ${RO} 127.0.0.1`,
    `rwcommunity ${RW} 127.0.0.1`,
    `createUser ${V3_AES.user} SHA "${V3_AES.authKey}" AES "${V3_AES.privKey}"`,
    `createUser ${V3_DES.user} SHA "${V3_DES.authKey}" DES "${V3_DES.privKey}"`,
    `rwuser ${V3_AES.user} priv`,
    `rwuser ${V3_DES.user} priv`,
    `pass_persist ${PETH_PSE_PORT_ENTRY} ${process.execPath} ${HANDLER} ${ports} ${detectMs} ${emptyPort}`,
    '',
  ].join('\n');
}

/** Resolves once snmpd answers a v2c GET of sysUpTime; rejects with its log otherwise. */
async function answering(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) break;
    const session = snmp.createSession('127.0.0.1', RO, { port, version: snmp.Version2c, timeout: 300, retries: 0 });
    const ok = await new Promise<boolean>((resolve) => session.get(['1.3.6.1.2.1.1.3.0'], (error) => resolve(error === null)));
    session.close();
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`snmpd did not answer on 127.0.0.1:${port}:\n${log()}`);
}

export async function startSnmpd(ports: number, detectMs: number, emptyPort: number): Promise<Snmpd> {
  if (!existsSync(SNMPD)) throw new Error(`${SNMPD} is missing: run npm run setup (it installs Debian's snmpd)`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-snmpd-'));
  const conf = path.join(dir, 'snmpd.conf');
  await writeFile(conf, config(ports, detectMs, emptyPort));
  const port = await freeUdpPort();
  // -f foreground, -C only our config, -Lo log to stdout; the persistent dir keeps snmpd
  // away from /var/lib/snmp, and MIBS= from MIB files Debian may not ship.
  const child = spawn(SNMPD, ['-f', '-Lo', '-C', '-c', conf, `udp:127.0.0.1:${port}`], {
    env: { ...process.env, SNMP_PERSISTENT_DIR: dir, MIBS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await answering(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, log: () => output, stop };
}
