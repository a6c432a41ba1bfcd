// A small lab for the network tests: HQ (CUCM, TFTP) and two branch subnets of 2-3 hosts,
// on addresses and names of their own (derived from the test process id) so a concurrent
// run of the real lab, or of another test process, is not disturbed.

import type { LoadedLab } from '../../../harness/lab/index.ts';
import { parseLab } from '../../../harness/lab/index.ts';
import type { NetworkPlan } from '../../../labs/virtual/network/index.ts';
import { planNetwork, runPrefix } from '../../../labs/virtual/network/index.ts';

export interface TestLabOptions {
  /** Second octet of every lab address: 10.<octet>.x.y */
  octet?: number;
  wan?: string;
  extraPhones?: string;
}

export function testLabYaml(options: TestLabOptions = {}): string {
  const o = options.octet ?? 231;
  return `name: net-test
kind: virtual
cucm:
  url: https://10.${o}.0.10/
  user: admin
  password: virtual:cucm
  version: "10.5"
  axl: { enabled: true }
tftp: { server: 10.${o}.0.11 }
subnets:
  - { name: hq, cidr: 10.${o}.0.0/24 }
  - { name: branch-a, cidr: 10.${o}.1.0/24 }
  - { name: branch-b, cidr: 10.${o}.2.0/24 }
switches:
  - name: poe
    host: 10.${o}.1.2
    snmp: { version: 2c, community: virtual:public }
${options.wan ?? 'wan: { bandwidth: 4mbit, rttMs: 80, lossPercent: 0 }'}
phones:
  - { name: SEP0250F5A10001, model: CP-7961G, ip: 10.${o}.1.21, subnet: branch-a }
  - { name: SEP0250F5A10002, model: CP-7961G, ip: 10.${o}.1.22, subnet: branch-a }
  - { name: SEP0250F5B20001, model: CP-7961G, ip: 10.${o}.2.21, subnet: branch-b }
  - { name: SEP0250F5B20002, model: CP-7961G, ip: 10.${o}.2.22, subnet: branch-b }
  - { name: SEP0250F5B20003, model: CP-7961G, ip: 10.${o}.2.23, subnet: branch-b }
${options.extraPhones ?? ''}
captures:
  - name: branch-a-lan
    netns: { namespace: pfslab-branch-a, interface: br0 }
loads:
  - models: [CP-7961G]
    id: SCCP41.9-4-2SR2-2S
    files:
      - { name: apps41.9-4-2ES26.sbn, size: 3157527 }
`;
}

export function testLab(options: TestLabOptions = {}): Promise<LoadedLab> {
  return parseLab(testLabYaml(options), 'test/virtual/network/test-lab.yaml');
}

/** Per test process: its own prefix, addresses and transfer network. */
export function testRunIdentity(salt = 0, pid = process.pid): { prefix: string; octet: number; transferCidr: string } {
  const n = (pid + salt) % 50;
  return { prefix: runPrefix(pid + salt), octet: 180 + n, transferCidr: `169.254.${200 + n}.0/29` };
}

/** `pid`: whose identity (a child bring-up uses its parent's, so both build the same network). */
export async function testPlan(salt = 0, options: TestLabOptions = {}, pid = process.pid): Promise<NetworkPlan> {
  const id = testRunIdentity(salt, pid);
  const lab = await testLab({ octet: id.octet, ...options });
  return planNetwork(lab, { prefix: id.prefix, transferCidr: id.transferCidr });
}
