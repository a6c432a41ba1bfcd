// A bring-up killed with SIGKILL (mid-way, and once complete with its WAN relay running)
// leaves namespaces, links, routes and a process behind; the next up() must clean them and
// work, and down() must then leave nothing.

import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { NetworkHandle, NetworkPlan } from '../../../labs/virtual/network/index.ts';
import { isRoot, ownedNamespaces, removeNetwork, up } from '../../../labs/virtual/network/index.ts';
import { assertNothingLeft, lineWith, nodeIn, sh, TCP_SERVER } from './net-helpers.ts';
import { testPlan } from './test-lab.ts';

const SALT = 17;

function bringUpChild(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bring-up-child.ts'), String(SALT), String(process.pid)], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('virtual network: crash recovery (root)', function () {
  let plan: NetworkPlan;
  let net: NetworkHandle | undefined;
  const children: ChildProcess[] = [];

  before(async function () {
    assert.ok(isRoot(), 'namespace mode needs root: run these tests as root (CI does); they fail rather than skip');
    plan = await testPlan(SALT);
  });

  after(async function () {
    for (const c of children) c.kill('SIGKILL');
    await net?.down();
    await removeNetwork(plan.prefix, plan.subnets.map((s) => s.name));
  });

  it('up() after a bring-up killed mid-way cleans its leftovers and works', async function () {
    const child = bringUpChild();
    children.push(child);
    const deadline = Date.now() + 30_000;
    while ((await ownedNamespaces(plan.prefix, ['hq'])).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited(child);
    assert.ok((await ownedNamespaces(plan.prefix, ['hq'])).length > 0, 'the killed bring-up left namespaces behind (else this test proves nothing)');

    net = await up(plan, { mode: 'netns' });
    const s = nodeIn(net, 'SEP0250F5B20001', TCP_SERVER, ['4056']);
    await lineWith(s, 'listening');
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const c = connect(4056, net?.addressOf('SEP0250F5B20001') ?? '');
      c.on('data', (d: Buffer) => (text += d.toString()));
      c.on('end', () => resolve(text));
      c.on('error', reject);
    });
    assert.equal(answer, 'hello');
    await net.down();
    net = undefined;
    assertNothingLeft(plan.prefix, plan.rootLink, plan.subnets.map((x) => x.cidr));
  });

  it('up() after a completed bring-up was killed ends its WAN relay and rebuilds', async function () {
    const child = bringUpChild();
    children.push(child);
    await lineWith(child, 'up', 60_000);
    child.kill('SIGKILL');
    await exited(child);
    const relayNs = plan.relay?.namespace ?? '';
    const orphans = sh('ip', ['netns', 'pids', relayNs]).trim().split('\n').filter(Boolean).map(Number);
    assert.ok(orphans.length > 0, 'the killed bring-up left its WAN relay running');

    net = await up(plan, { mode: 'netns' });
    for (const pid of orphans) assert.throws(() => process.kill(pid, 0), `orphaned relay ${pid} still runs`);
    const relays = sh('ip', ['netns', 'pids', relayNs]).trim().split('\n').filter(Boolean);
    assert.equal(relays.length, 1, 'exactly one WAN relay after the new up()');
    await net.down();
    net = undefined;
    assertNothingLeft(plan.prefix, plan.rootLink, plan.subnets.map((x) => x.cidr));
  });
});
