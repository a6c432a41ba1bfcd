// Planning is pure: these run without root and create nothing.

import assert from 'node:assert/strict';
import { formatIssue, LabError, loadLab, parseLab } from '../../../harness/lab/index.ts';
import type { NetworkPlan } from '../../../labs/virtual/network/index.ts';
import { assertValidPlan, DEFAULT_PREFIX, loopbackMap, ownsNamespace, planNetwork, runPrefix, up, validatePlan } from '../../../labs/virtual/network/index.ts';
import { rootLinkName } from '../../../labs/virtual/network/names.ts';
import { fixInnerChecksum } from '../../../labs/virtual/network/wan-relay.ts';
import { testLab, testLabYaml } from './test-lab.ts';

const FILE = 'test/virtual/network/test-lab.yaml';

async function planOf(yaml: string, prefix = DEFAULT_PREFIX): Promise<NetworkPlan> {
  return planNetwork(await parseLab(yaml, FILE), { prefix });
}

function issuesOf(plan: NetworkPlan): string[] {
  return validatePlan(plan).map(formatIssue);
}

describe('virtual network: plan (no root)', function () {
  it('plans one namespace per subnet, per device address, a router and (with delay) a WAN relay', async function () {
    const plan = planNetwork(await testLab({ octet: 231 }));
    assert.deepEqual(plan.namespaces.slice(0, 5), ['pfslab-router', 'pfslab-wan', 'pfslab-hq', 'pfslab-branch-a', 'pfslab-branch-b']);
    assert.ok(plan.namespaces.includes('pfslab-h-10-231-1-21'));
    assert.equal(plan.hosts.length, 8, 'five phones, CUCM, TFTP and the switch: eight stacks');
    assert.deepEqual(issuesOf(plan), []);
    const hq = plan.subnets.find((s) => s.name === 'hq');
    assert.equal(hq?.role, 'hq');
    assert.equal(hq?.routerAddress, '10.231.0.1');
    assert.equal(plan.subnets.find((s) => s.name === 'branch-a')?.broadcast, '10.231.1.255');
    const phone = plan.hosts.find((h) => h.ip === '10.231.1.21');
    assert.deepEqual(
      { ns: phone?.namespace, mac: phone?.mac, gw: phone?.gateway, port: phone?.bridgePort, devices: phone?.devices },
      { ns: 'pfslab-h-10-231-1-21', mac: '02:50:f5:a1:00:01', gw: '10.231.1.1', port: 'h21', devices: ['SEP0250F5A10001'] },
    );
    assert.ok(plan.routes.some((r) => r.namespace === undefined && r.to === '10.231.2.0/24' && r.via === '169.254.77.2' && r.dev === 'pfslab-host'));
    assert.ok(plan.routes.some((r) => r.namespace === 'pfslab-h-10-231-1-21' && r.to === 'default' && r.via === '10.231.1.1'));
    assert.deepEqual(plan.relay && { delay: plan.relay.oneWayDelayMs, loss: plan.relay.lossPercent }, { delay: 40, loss: 0 });
    assert.equal(plan.links.find((l) => l.kind === 'vxlan')?.a.name, hq?.routerLeg);
  });

  it('plans the default lab (labs/virtual.yaml) without issues, its captures on the subnet bridges', async function () {
    const lab = await loadLab('labs/virtual.yaml');
    const plan = planNetwork(lab);
    assert.deepEqual(issuesOf(plan), []);
    // One stack per phone (each has its own address), plus CUCM, TFTP and the switch.
    assert.equal(plan.hosts.length, new Set(lab.spec.phones.map((p) => p.ip)).size + 3, 'every phone, CUCM, TFTP, the switch');
    assert.ok(lab.spec.phones.length >= 18);
    assert.deepEqual(plan.captures['branch-a-lan'], { namespace: 'pfslab-branch-a', interface: 'br0' });
    assert.deepEqual(plan.captures['hq-lan'], { namespace: 'pfslab-hq', interface: 'br0' });
    assert.equal(plan.relay?.oneWayDelayMs, 60);
    assert.equal(plan.qdiscs[0]?.rateBitsPerSecond, 2e6);
  });

  it('blind-capture fault: the bridges are lan0 and the captures\' br0 is an empty bridge that carries nothing', async function () {
    const plan = planNetwork(await parseLab(`${testLabYaml()}\nfaults: [{ id: blind-capture }]\n`, FILE));
    assert.deepEqual(issuesOf(plan), []);
    assert.ok(plan.bridges.every((b) => b.name === 'lan0'));
    assert.ok(plan.bridgePorts.every((p) => p.bridge === 'lan0'));
    assert.deepEqual(plan.decoys.map((d) => d.name), plan.subnets.map(() => 'br0'));
    // The subnet itself stays reachable by name (lan0); a lab capture of br0 sees nothing.
    assert.deepEqual(plan.captures['branch-a'], { namespace: 'pfslab-branch-a', interface: 'lan0' });
    const healthy = planNetwork(await testLab());
    assert.deepEqual(healthy.decoys, []);
    assert.ok(healthy.bridges.every((b) => b.name === 'br0'));
  });

  it('shapes both directions of the HQ leg with tbf at the lab bandwidth', async function () {
    const plan = planNetwork(await testLab({ octet: 231 }));
    assert.deepEqual(
      plan.qdiscs.map((q) => [q.namespace, q.dev, q.kind, q.rateBitsPerSecond]),
      [
        ['pfslab-router', 'sn0', 'tbf', 4e6],
        ['pfslab-hq', 'router', 'tbf', 4e6],
      ],
    );
  });

  it('needs no relay when the WAN has no delay and no loss, and no shaping without a WAN', async function () {
    const fast = planNetwork(await testLab({ wan: 'wan: { bandwidth: 100mbit, rttMs: 0 }' }));
    assert.equal(fast.relay, undefined);
    assert.ok(!fast.namespaces.includes('pfslab-wan'));
    assert.ok(fast.links.every((l) => l.kind === 'veth'));
    assert.equal(fast.qdiscs.length, 2);
    const none = planNetwork(await testLab({ wan: '' }));
    assert.equal(none.relay, undefined);
    assert.deepEqual(none.qdiscs, []);
  });

  it('points the lab captures at this plan\'s subnet namespaces, and knows each subnet by name', async function () {
    const plan = planNetwork(await testLab(), { prefix: runPrefix(42) });
    assert.deepEqual(plan.captures['branch-a-lan'], { namespace: 'pfslab-t42-branch-a', interface: 'br0' });
    assert.deepEqual(plan.captures['branch-b'], { namespace: 'pfslab-t42-branch-b', interface: 'br0' });
  });

  it('keeps every interface name within Linux\'s 15 bytes, also for long prefixes', async function () {
    const plan = planNetwork(await testLab(), { prefix: runPrefix(4194304) });
    for (const link of plan.links) for (const end of [link.a, link.b]) assert.ok(end.name.length <= 15, end.name);
    assert.equal(rootLinkName(DEFAULT_PREFIX), 'pfslab-host');
    assert.ok(rootLinkName(runPrefix(4194304)).length <= 15);
    assert.notEqual(rootLinkName(runPrefix(1)), rootLinkName(runPrefix(2)));
  });

  it('tells its own namespaces from a test run\'s and other tools\'', function () {
    assert.ok(ownsNamespace('pfslab-', 'pfslab-router'));
    assert.ok(ownsNamespace('pfslab-', 'pfslab-h-10-20-1-21'));
    assert.ok(ownsNamespace('pfslab-', 'pfslab-branch-a', ['branch-a']));
    assert.ok(!ownsNamespace('pfslab-', 'pfslab-branch-a'));
    assert.ok(!ownsNamespace('pfslab-', 'pfslab-t42-router'));
    assert.ok(!ownsNamespace('pfslab-', 'pfslab-pp7-lan'));
    assert.ok(ownsNamespace('pfslab-t42-', 'pfslab-t42-router'));
  });

  describe('validatePlan: errors before anything is created, with file and line', function () {
    it('more devices than a subnet has addresses', async function () {
      // A /30 has two host addresses and the router takes the first: two phones do not fit
      // (the loader accepts the lab: both are inside their subnet, neither is network or broadcast).
      const yaml = testLabYaml({ octet: 231 })
        .replace('{ name: branch-b, cidr: 10.231.2.0/24 }', '{ name: branch-b, cidr: 10.231.2.20/30 }')
        .replace(/ip: 10\.231\.2\.2(\d)/g, 'ip: 10.231.2.$1')
        .replace(/.*SEP0250F5B20003.*\n/, '')
        .replace('ip: 10.231.2.1,', 'ip: 10.231.2.21,')
        .replace('ip: 10.231.2.2,', 'ip: 10.231.2.22,');
      const issues = issuesOf(await planOf(yaml));
      assert.ok(
        issues.some((i) => /test-lab\.yaml:13:\d+ subnets\[2\]\.cidr: 2 device addresses in subnet branch-b \(10\.231\.2\.20\/30\) but it has only 1 host address\(es\) besides the router's 10\.231\.2\.21/.test(i)),
        issues.join('\n'),
      );
    });

    it('a phone on the address of CUCM, and a phone on the router\'s address', async function () {
      const yaml = testLabYaml({ octet: 231 }).replace('ip: 10.231.1.22', 'ip: 10.231.0.10').replace('ip: 10.231.2.23', 'ip: 10.231.2.1');
      const patched = yaml.replace('ip: 10.231.0.10, subnet: branch-a', 'ip: 10.231.0.10, subnet: hq');
      const issues = issuesOf(await planOf(patched));
      assert.ok(issues.some((i) => /test-lab\.yaml:4:\d+ cucm\.url: duplicate IP 10\.231\.0\.10: also SEP0250F5A10002 \(phones\[1\]\.ip\)/.test(i)), issues.join('\n'));
      assert.ok(issues.some((i) => /phones\[4\]\.ip: 10\.231\.2\.1 is the router address of subnet branch-b/.test(i)), issues.join('\n'));
    });

    it('a device outside every subnet (TFTP, switch) and a host name where an address is needed', async function () {
      const yaml = testLabYaml({ octet: 231 }).replace('server: 10.231.0.11', 'server: 10.99.0.11').replace('host: 10.231.1.2', 'host: poe.example.net');
      const issues = issuesOf(await planOf(yaml));
      assert.ok(issues.some((i) => /test-lab\.yaml:9:\d+ tftp\.server: 10\.99\.0\.11 is outside every subnet/.test(i)), issues.join('\n'));
      assert.ok(issues.some((i) => /switches\[0\]\.host: poe\.example\.net is not an IPv4 address/.test(i)), issues.join('\n'));
    });

    it('up() refuses an invalid plan with a LabError, in any mode, before creating anything', async function () {
      const yaml = testLabYaml({ octet: 231 }).replace('server: 10.231.0.11', 'server: 10.99.0.11');
      const plan = await planOf(yaml, runPrefix(99));
      assert.throws(() => assertValidPlan(plan), LabError);
      await assert.rejects(up(plan, { mode: 'loopback' }), LabError);
      await assert.rejects(up(plan, { mode: 'netns' }), LabError);
    });

    it('works from a bare spec too (paths without lines)', async function () {
      const lab = await testLab();
      const plan = planNetwork({ spec: { ...lab.spec, tftp: { ...lab.spec.tftp, server: '10.99.0.11' } } });
      assert.deepEqual(
        validatePlan(plan).map((i) => [i.path, i.line]),
        [['tftp.server', 0]],
      );
    });
  });

  describe('loopback map', function () {
    it('keeps the subnet structure: 10.20.1.21 -> 127.20.1.21', function () {
      assert.deepEqual(loopbackMap(['10.20.1.21', '10.10.0.10']), { '10.20.1.21': '127.20.1.21', '10.10.0.10': '127.10.0.10' });
    });

    it('moves collisions and unusable results to 127.254.0.0/16, deterministically', function () {
      const map = loopbackMap(['10.20.1.21', '172.20.1.21', '10.0.0.1', '10.255.255.255', '10.5.5.0']);
      assert.deepEqual(map, {
        '10.20.1.21': '127.20.1.21',
        '172.20.1.21': '127.254.0.1',
        '10.0.0.1': '127.254.0.2',
        '10.255.255.255': '127.254.0.3',
        '10.5.5.0': '127.254.0.4',
      });
      assert.equal(new Set(Object.values(map)).size, 5);
    });
  });

  describe('WAN relay checksum', function () {
    it('recomputes a TCP checksum that offload left unfinished', function () {
      // VXLAN header, Ethernet, IPv4 10.0.0.1 -> 10.0.0.2, TCP SYN 1234 -> 80 with its checksum field zero.
      const ip = Buffer.from('4500002800004000400600000a0000010a000002', 'hex');
      const tcp = Buffer.from('04d200500000000100000000500272100000' + '0000', 'hex');
      const frame = Buffer.concat([Buffer.alloc(8), Buffer.from('0250000000020250000000010800', 'hex'), ip, tcp]);
      fixInnerChecksum(frame);
      const first = frame.readUInt16BE(8 + 14 + 20 + 16);
      assert.notEqual(first, 0);
      // A correct checksum makes the ones' complement sum over pseudo-header and segment 0xffff.
      let sum = 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 6 + 20;
      for (let i = 8 + 14 + 20; i < frame.length; i += 2) sum += frame.readUInt16BE(i);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      assert.equal(sum, 0xffff);
      fixInnerChecksum(frame);
      assert.equal(frame.readUInt16BE(8 + 14 + 20 + 16), first, 'idempotent');
    });
  });
});
