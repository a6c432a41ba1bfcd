// Port 4051 (pfs-reference §2.6-2.7): every phone-to-phone UDP broadcast and TCP connection
// uses port 4051 (IANA cppdp), and none of it leaves the subnet. Read from every capture
// point of the upgrade: the branch subnets and the headquarters side of the WAN.
import assert from 'node:assert/strict';
import type { UpgradeRun } from '../harness/run/suite-kit.ts';
import { attachRun, PFS_UPGRADE, useLab } from '../harness/run/suite-kit.ts';
import { subnetOf } from './support/subnets.ts';
import { violationsOf } from './support/pfs-views.ts';

describe('PFS port 4051 traffic', function () {
  const lab = useLab();
  let run: UpgradeRun;

  before(async function () {
    run = await lab.scenario(PFS_UPGRADE);
    await attachRun(run, { logs: false });
  });

  it('every PFS phone speaks on port 4051, and each subnet with PFS phones hears 4051 broadcasts', function () {
    const caps = run.captures;
    const spoke = new Set(caps.flatMap((c) => [...c.summary.udp4051.map((u) => u.src), ...c.summary.tcp4051.flatMap((t) => [t.initiator, t.acceptor])]));
    const silent = [...run.pfsIps].filter((ip) => !spoke.has(ip));
    assert.deepEqual(silent, [], 'PFS phones never seen on port 4051');
    const subnets = lab.ctx.facts.subnets;
    const broadcasting = new Set(caps.flatMap((c) => c.summary.udp4051.filter((u) => u.broadcast && u.dstPort === 4051).map((u) => subnetOf(subnets, u.src))));
    const quiet = [...new Set([...run.pfsIps].map((ip) => subnetOf(subnets, ip)))].filter((s) => !broadcasting.has(s));
    assert.deepEqual(quiet, [], 'subnets with PFS phones where no UDP 4051 broadcast was seen');
  });

  it('phone-to-phone TCP and UDP use port 4051 only', function () {
    assert.deepEqual(violationsOf(run, 'NON_4051_PEER_TRAFFIC'), []);
  });

  it('TCP 4051 connections and unicast UDP 4051 stay within one subnet', function () {
    const subnets = lab.ctx.facts.subnets;
    const crossing: string[] = [];
    for (const { capture, summary } of run.captures) {
      for (const c of summary.tcp4051) if (subnetOf(subnets, c.initiator) !== subnetOf(subnets, c.acceptor)) crossing.push(`${capture}: TCP ${c.initiator} -> ${c.acceptor}`);
      for (const u of summary.udp4051) if (!u.broadcast && subnetOf(subnets, u.src) !== subnetOf(subnets, u.dst)) crossing.push(`${capture}: UDP ${u.src} -> ${u.dst}`);
    }
    assert.deepEqual(crossing, []);
    assert.deepEqual(violationsOf(run, 'CROSS_SUBNET'), []);
  });

  it('no capture point sees port 4051 traffic from a subnet other than its own', function () {
    const subnets = lab.ctx.facts.subnets;
    const leaks: string[] = [];
    for (const { capture, summary } of run.captures) {
      const senders = new Set([...summary.udp4051.map((u) => u.src), ...summary.tcp4051.flatMap((c) => [c.initiator, c.acceptor])].map((ip) => subnetOf(subnets, ip) ?? ip));
      // A capture point is one segment: where phones of two subnets both talk 4051, one leaked.
      if (senders.size > 1) leaks.push(`${capture}: port 4051 traffic of ${[...senders].join(' and ')}`);
      // The point where TFTP serves phones of several subnets is the headquarters side of the WAN.
      const tftpSubnets = new Set(summary.tftp.map((t) => subnetOf(subnets, t.client)).filter((s) => s !== undefined));
      if (tftpSubnets.size > 1 && senders.size > 0) leaks.push(`${capture} (headquarters side: TFTP to ${[...tftpSubnets].join(', ')}) carries port 4051 traffic`);
    }
    assert.deepEqual(leaks, []);
  });
});
