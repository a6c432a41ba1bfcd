// The virtual network in namespace mode, for real: needs root (CI runs as root). Not root
// is a failure, not a skip, so a CI misconfiguration cannot pass silently.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { NetworkHandle, NetworkPlan } from '../../../labs/virtual/network/index.ts';
import { isRoot, up } from '../../../labs/virtual/network/index.ts';
import { assertNothingLeft, finished, lineWith, nodeIn, sh, TCP_CLIENT, TCP_SERVER, UDP_LISTENER, UDP_SEND } from './net-helpers.ts';
import { testPlan } from './test-lab.ts';

const ROOT_NEEDED = 'namespace mode needs root: run these tests as root (CI does); they fail rather than skip so a misconfigured CI cannot pass';

const A1 = 'SEP0250F5A10001';
const A2 = 'SEP0250F5A10002';
const B1 = 'SEP0250F5B20001';
const B2 = 'SEP0250F5B20002';
const B3 = 'SEP0250F5B20003';

describe('virtual network: namespace mode (root)', function () {
  let plan: NetworkPlan;
  let net: NetworkHandle | undefined;
  const started: ChildProcess[] = [];

  before(async function () {
    assert.ok(isRoot(), ROOT_NEEDED);
    plan = await testPlan();
    net = await up(plan, { mode: 'netns' });
  });

  after(async function () {
    for (const c of started) c.kill('SIGKILL');
    await net?.down();
  });

  const handle = (): NetworkHandle => {
    assert.ok(net, 'the network is not up');
    return net;
  };
  const server = (device: string, script: string, args: string[]): ChildProcess => {
    const child = nodeIn(handle(), device, script, args);
    started.push(child);
    return child;
  };

  it('gives every device its own stack, with its lab address and MAC', function () {
    const n = handle();
    assert.equal(n.mode, 'netns');
    const ns = n.hostNamespace(A1);
    assert.ok(ns);
    const addr = sh('ip', ['-n', ns, '-o', 'addr', 'show', 'dev', 'eth0']);
    assert.match(addr, new RegExp(`inet ${n.addressOf(A1).replaceAll('.', '\\.')}/24`));
    assert.match(sh('ip', ['-n', ns, 'link', 'show', 'dev', 'eth0']), /link\/ether 02:50:f5:a1:00:01/);
  });

  it('carries UDP unicast between two hosts of one subnet', async function () {
    const n = handle();
    const listener = server(B2, UDP_LISTENER, ['40510']);
    await lineWith(listener, 'listening');
    const got = lineWith(listener, 'got ');
    const sent = await finished(nodeIn(n, B1, UDP_SEND, [n.addressOf(B2), '40510', 'unicast-hello']));
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(await got, `got ${n.addressOf(B1)} unicast-hello`);
  });

  it('delivers a subnet broadcast to the subnet only', async function () {
    const n = handle();
    const listeners = new Map<string, ChildProcess>();
    for (const device of [B2, B3, A1, A2, 'cucm']) {
      const l = server(device, UDP_LISTENER, ['40511']);
      listeners.set(device, l);
      await lineWith(l, 'listening');
    }
    const seen = new Map<string, string>();
    for (const [device, l] of listeners) l.stdout?.on('data', (d: Buffer) => seen.set(device, (seen.get(device) ?? '') + d.toString()));
    const broadcast = plan.subnets.find((s) => s.name === 'branch-b')?.broadcast ?? '';
    const sent = await finished(nodeIn(n, B1, UDP_SEND, [broadcast, '40511', 'announce', 'broadcast']));
    assert.equal(sent.code, 0, sent.stderr);
    // Wait for the receivers that must get it; then give the others the same time to (wrongly) get it too.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !(seen.get(B2)?.includes('announce') && seen.get(B3)?.includes('announce'))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.match(seen.get(B2) ?? '', /got \S+ announce/, 'branch-b host B2 got the broadcast');
    assert.match(seen.get(B3) ?? '', /got \S+ announce/, 'branch-b host B3 got the broadcast');
    for (const other of [A1, A2, 'cucm']) assert.ok(!(seen.get(other) ?? '').includes('announce'), `${other} (another subnet) must not see branch-b's broadcast`);
  });

  it('routes from a branch host to an HQ host (through the WAN)', async function () {
    const n = handle();
    const s = server('tftp', TCP_SERVER, ['4052']);
    await lineWith(s, 'listening');
    const r = await finished(nodeIn(n, A1, TCP_CLIENT, [n.addressOf('tftp'), '4052']));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /done \S+ 5\n/);
  });

  it('reaches every host from the root namespace', async function () {
    const n = handle();
    const devices = plan.devices.map((d) => d.name).filter((d, i, all) => all.findIndex((x) => n.addressOf(x) === n.addressOf(d)) === i);
    for (const device of devices) {
      const s = server(device, TCP_SERVER, ['4053']);
      await lineWith(s, 'listening');
    }
    const net_ = await import('node:net');
    for (const device of devices) {
      const answer = await new Promise<string>((resolve, reject) => {
        let text = '';
        const c = net_.connect(4053, n.addressOf(device));
        c.setTimeout(10_000, () => c.destroy(new Error(`timeout connecting to ${device}`)));
        c.on('data', (d: Buffer) => (text += d.toString()));
        c.on('end', () => resolve(text));
        c.on('error', reject);
      });
      assert.equal(answer, 'hello', device);
    }
  });

  it('captures the frames between two phones with tcpdump on the subnet bridge', async function () {
    const n = handle();
    const dir = await mkdtemp(join(tmpdir(), 'pfslab-net-'));
    try {
      const file = join(dir, 'branch-a.pcap');
      const target = n.captureTarget('branch-a-lan');
      assert.equal(target.namespace, plan.subnets.find((s) => s.name === 'branch-a')?.namespace);
      const tcpdump = spawn('ip', ['netns', 'exec', target.namespace ?? '', 'tcpdump', '--immediate-mode', '-i', target.interface, '-U', '-w', file, 'udp port 40512'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      started.push(tcpdump);
      await lineWith(Object.assign(tcpdump, { stdout: tcpdump.stderr }), 'listening on');
      const listener = server(A2, UDP_LISTENER, ['40512']);
      await lineWith(listener, 'listening');
      const got = lineWith(listener, 'got ');
      await finished(nodeIn(n, A1, UDP_SEND, [n.addressOf(A2), '40512', 'peer-frame']));
      await got;
      await new Promise((r) => setTimeout(r, 200));
      tcpdump.kill('SIGINT');
      await new Promise((r) => tcpdump.once('exit', r));
      const fields = sh('tshark', ['-r', file, '-T', 'fields', '-e', 'eth.src', '-e', 'eth.dst', '-e', 'ip.src', '-e', 'ip.dst']);
      const line = fields.split('\n').find((l) => l.includes(n.addressOf(A2)));
      assert.ok(line, `no frame to ${n.addressOf(A2)} in the capture:\n${fields}`);
      assert.deepEqual(line.split('\t'), ['02:50:f5:a1:00:01', '02:50:f5:a1:00:02', n.addressOf(A1), n.addressOf(A2)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shapes the WAN: tbf on both ends of the HQ leg, round trip at least rttMs', async function () {
    const n = handle();
    const hq = plan.subnets.find((s) => s.role === 'hq');
    assert.ok(hq);
    assert.match(sh('tc', ['-n', plan.routerNamespace, 'qdisc', 'show', 'dev', hq.routerLeg]), /tbf .*rate 4Mbit/);
    assert.match(sh('tc', ['-n', hq.namespace, 'qdisc', 'show', 'dev', 'router']), /tbf .*rate 4Mbit/);
    const bytes = 300_000;
    const s = server('cucm', TCP_SERVER, ['4054', String(bytes)]);
    await lineWith(s, 'listening');
    const r = await finished(nodeIn(n, B1, TCP_CLIENT, [n.addressOf('cucm'), '4054']));
    assert.equal(r.code, 0, r.stderr);
    const connectMs = Number(/connected (\S+)/.exec(r.stdout)?.[1]);
    const [, doneMs, received] = /done (\S+) (\d+)/.exec(r.stdout) ?? [];
    assert.equal(Number(received), bytes);
    // A TCP connect is one round trip; lower bounds only (a slow machine may add, never remove).
    assert.ok(connectMs >= 80, `connect took ${connectMs} ms, less than the WAN's 80 ms round trip`);
    // 300 kB at 4 Mbit/s is 600 ms on the wire; the bucket's burst lets a little through at once.
    assert.ok(Number(doneMs) >= 450, `300 kB crossed a 4 Mbit/s WAN in ${doneMs} ms`);
  });

  it('keeps branch-to-branch traffic off the WAN', async function () {
    const n = handle();
    const s = server(A2, TCP_SERVER, ['4055']);
    await lineWith(s, 'listening');
    const r = await finished(nodeIn(n, B1, TCP_CLIENT, [n.addressOf(A2), '4055']));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /done/);
    assert.equal(sh('tc', ['-n', plan.routerNamespace, 'qdisc', 'show', 'dev', plan.subnets[1]?.routerLeg ?? '']).includes('tbf'), false);
  });

  it('down removes every namespace, link, route, qdisc and process; a second down is fine', async function () {
    const n = handle();
    const relayPids = sh('ip', ['netns', 'pids', plan.relay?.namespace ?? '']).trim().split('\n').filter(Boolean).map(Number);
    assert.ok(relayPids.length > 0, 'the WAN relay runs in its namespace');
    const sleeper = n.runInHost(B3, 'sleep', ['600']);
    const pids = [...relayPids, sleeper.pid ?? 0];
    await n.down();
    await n.down();
    assertNothingLeft(plan.prefix, plan.rootLink, plan.subnets.map((s) => s.cidr));
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), `process ${pid} still runs`);
    net = undefined;
  });
});
