// Loopback mode: no namespaces, one 127.x address per device on the shared lo. Runs as any
// user; as root it must still create nothing.

import assert from 'node:assert/strict';
import type { NetworkHandle } from '../../../labs/virtual/network/index.ts';
import { NetworkModeError, planNetwork, runPrefix, up } from '../../../labs/virtual/network/index.ts';
import { finished, lineWith, nodeIn, sh, UDP_LISTENER, UDP_SEND } from './net-helpers.ts';
import { testLab } from './test-lab.ts';

describe('virtual network: loopback mode', function () {
  let net: NetworkHandle | undefined;

  after(async function () {
    await net?.down();
  });

  it('maps every device to its 127.x address and creates no namespace', async function () {
    const plan = planNetwork(await testLab({ octet: 231 }), { prefix: runPrefix(process.pid, 'pfslab-lo') });
    const before = sh('ip', ['netns', 'list']);
    net = await up(plan, { mode: 'loopback' });
    assert.equal(net.mode, 'loopback');
    assert.equal(net.addressOf('SEP0250F5A10001'), '127.231.1.21');
    assert.equal(net.addressOf('cucm'), '127.231.0.10');
    assert.equal(net.addressOf('10.231.0.11'), '127.231.0.11');
    assert.equal(net.hostNamespace('SEP0250F5A10001'), undefined);
    assert.deepEqual(net.captureTarget('branch-a-lan'), { namespace: undefined, interface: 'lo' });
    assert.throws(() => net?.addressOf('SEP000000000000'), /no device SEP000000000000/);
    assert.equal(sh('ip', ['netns', 'list']), before);
  });

  it('lets two devices talk on their own loopback addresses', async function () {
    assert.ok(net);
    const listener = nodeIn(
      net,
      'SEP0250F5B20002',
      UDP_LISTENER.replace("s.bind(Number(process.argv[1]),", 's.bind(Number(process.argv[1]), process.argv[2],'),
      ['40520', net.addressOf('SEP0250F5B20002')],
    );
    await lineWith(listener, 'listening');
    const got = lineWith(listener, 'got ');
    const sent = await finished(nodeIn(net, 'SEP0250F5B20001', UDP_SEND, [net.addressOf('SEP0250F5B20002'), '40520', 'hi']));
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(await got, /^got 127\.\d+\.\d+\.\d+ hi$/);
    await net.down();
    await net.down();
    assert.throws(() => net?.runInHost('cucm', 'true'), /down/);
    net = undefined;
  });

  it('refuses namespace mode without root, saying why', async function () {
    const plan = planNetwork(await testLab({ octet: 231 }), { prefix: runPrefix(process.pid, 'pfslab-lo') });
    const getuid = process.getuid;
    process.getuid = () => 1000;
    try {
      await assert.rejects(up(plan, { mode: 'netns' }), (e: unknown) => e instanceof NetworkModeError && /needs root \(uid 0/.test(e.message));
    } finally {
      process.getuid = getuid;
    }
  });
});
