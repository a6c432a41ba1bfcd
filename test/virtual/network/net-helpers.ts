// Small Node programs run inside the lab's hosts (node -e), and the listings that prove a
// teardown left nothing behind.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { NetworkHandle } from '../../../labs/virtual/network/index.ts';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CommonJS snippet with node inside `device`'s network stack. */
export function nodeIn(net: NetworkHandle, device: string, script: string, args: readonly string[] = []): ChildProcess {
  return net.runInHost(device, process.execPath, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

export function finished(child: ChildProcess): Promise<Finished> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Resolves with the first stdout line that contains `marker` (a server saying it listens). */
export function lineWith(child: ChildProcess, marker: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let errors = '';
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms; stderr: ${errors}`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n').find((l) => l.includes(marker));
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${String(code)}) before "${marker}"; stderr: ${errors}`));
    });
  });
}

/** Listens on UDP `port` and prints every datagram as `got <from> <text>` until killed. */
export const UDP_LISTENER = `
const s = require('dgram').createSocket({ type: 'udp4', reuseAddr: true });
s.on('message', (m, r) => console.log('got ' + r.address + ' ' + m.toString()));
s.bind(Number(process.argv[1]), () => console.log('listening'));`;

/** Sends one datagram: argv host port text [broadcast]. */
export const UDP_SEND = `
const [host, port, text, broadcast] = process.argv.slice(1);
const s = require('dgram').createSocket('udp4');
s.bind(() => {
  if (broadcast) s.setBroadcast(true);
  s.send(text, Number(port), host, (e) => { if (e) { console.error(e.message); process.exit(1); } s.close(); });
});`;

/** A TCP server on argv port that answers "hello" (and, with a byte count, that many bytes) then closes. */
export const TCP_SERVER = `
const bytes = Number(process.argv[2] || 0);
require('net').createServer((c) => { c.on('error', () => {}); c.end(bytes > 0 ? Buffer.alloc(bytes, 7) : 'hello'); })
  .listen(Number(process.argv[1]), () => console.log('listening'));`;

/** Connects to argv host port and prints `connected <ms>` then `done <ms> <bytes>`. */
export const TCP_CLIENT = `
const [host, port] = process.argv.slice(1);
const t = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - t) / 1e6;
let n = 0;
const c = require('net').connect(Number(port), host, () => console.log('connected ' + ms()));
c.on('data', (d) => (n += d.length));
c.on('end', () => { console.log('done ' + ms() + ' ' + n); });
c.on('error', (e) => { console.error(e.message); process.exit(1); });`;

export function sh(command: string, args: readonly string[]): string {
  return execFileSync(command, args, { encoding: 'utf8' });
}

/** Asserts that no namespace, root link or root route of `prefix` (and no address of the lab) remains. */
export function assertNothingLeft(prefix: string, rootLink: string, labCidrs: readonly string[]): void {
  const namespaces = sh('ip', ['netns', 'list'])
    .split('\n')
    .filter((l) => l.startsWith(prefix));
  assert.deepEqual(namespaces, [], `namespaces left: ${namespaces.join(', ')}`);
  const links = sh('ip', ['-o', 'link', 'show']);
  assert.ok(!links.includes(rootLink), `root link ${rootLink} left:\n${links}`);
  const routes = sh('ip', ['route', 'show']);
  for (const cidr of labCidrs) assert.ok(!routes.includes(cidr), `route to ${cidr} left:\n${routes}`);
  const qdiscs = sh('tc', ['qdisc', 'show']);
  assert.ok(!qdiscs.includes(rootLink), `qdisc on ${rootLink} left`);
}
