// How long the virtual network takes to come up and go down in namespace mode, for a lab of
// N device addresses: HQ (CUCM, TFTP) behind the shaped WAN (with its relay) and the phones
// in one branch /21. Plan time is pure computation; up = leftover sweep + namespaces, veths,
// bridges, addresses, routes, qdiscs + the WAN relay; down = kill + delete (the kernel frees
// the namespaces asynchronously afterwards). Needs root.
// Run: npx tsx bench/network/bring-up.ts [hosts...]   (default: 20 1000)
import { performance } from 'node:perf_hooks';
import { parseLab } from '../../harness/lab/index.ts';
import { listNamespaces, planNetwork, runPrefix, up } from '../../labs/virtual/network/index.ts';

function labYaml(phones: number): string {
  const lines: string[] = [];
  for (let i = 0; i < phones; i++) {
    const n = i + 10; // .0.10 onward in 10.251.8.0/21: .8.1 is the router
    lines.push(`  - { name: SEP0250F5C${i.toString(16).toUpperCase().padStart(5, '0')}, model: CP-7961G, ip: 10.251.${8 + Math.floor(n / 256)}.${n % 256}, subnet: branch }`);
  }
  return `name: bench
kind: virtual
cucm: { url: "https://10.251.0.10/", user: admin, password: "virtual:x", version: "10.5", axl: { enabled: true } }
tftp: { server: 10.251.0.11 }
subnets:
  - { name: hq, cidr: 10.251.0.0/24 }
  - { name: branch, cidr: 10.251.8.0/21 }
wan: { bandwidth: 2mbit, rttMs: 120 }
phones:
${lines.join('\n')}
loads:
  - { models: [CP-7961G], id: SCCP41.9-4-2SR2-2S, files: [{ name: apps41.9-4-2ES26.sbn, size: 3157527 }] }
`;
}

const sizes = process.argv.slice(2).map(Number);
for (const hosts of sizes.length > 0 ? sizes : [20, 1000]) {
  const lab = await parseLab(labYaml(hosts - 2), `bench-${hosts}.yaml`);
  let t = performance.now();
  const plan = planNetwork(lab, { prefix: runPrefix(process.pid, 'pfslab-bench-'), transferCidr: '169.254.199.0/29' });
  const planMs = performance.now() - t;
  t = performance.now();
  const net = await up(plan, { mode: 'netns' });
  const upMs = performance.now() - t;
  t = performance.now();
  await net.down();
  const downMs = performance.now() - t;
  const left = (await listNamespaces()).filter((ns) => ns.startsWith(plan.prefix)).length;
  console.log(
    `${String(plan.hosts.length).padStart(5)} hosts, ${plan.namespaces.length} namespaces: plan ${planMs.toFixed(1)} ms, up ${upMs.toFixed(0)} ms, down ${downMs.toFixed(0)} ms (namespaces left: ${left})`,
  );
}
