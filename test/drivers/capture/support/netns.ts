// A private network namespace for one test file: pfslab-captest-<pid>, with lo up and a
// veth pair v0 (10.77.0.1/24) - v1 inside it. 10.77.0.9 has a static neighbour entry on v0,
// so datagrams to it leave v0 at once (no ARP) and tcpdump sees them. (Not a dummy
// interface: containers often lack that kernel module.) Deleted by remove().
import { spawnSync } from 'node:child_process';
import { requireTools } from './tools.ts';

export interface TestNamespace {
  name: string;
  iface: string;
  /** Runs a bash script inside the namespace; throws on failure. */
  run(script: string): void;
  remove(): void;
}

export function createNamespace(): TestNamespace {
  const ip = requireTools('ip').ip!;
  const name = `pfslab-captest-${process.pid}`;
  const sh = (args: string[]): void => {
    const r = spawnSync(ip, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
  };
  const remove = (): void => {
    spawnSync(ip, ['netns', 'del', name]);
  };
  sh(['netns', 'add', name]);
  try {
    sh(['-n', name, 'link', 'set', 'lo', 'up']);
    sh(['-n', name, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1']);
    sh(['-n', name, 'addr', 'add', '10.77.0.1/24', 'dev', 'v0']);
    sh(['-n', name, 'link', 'set', 'v0', 'up']);
    sh(['-n', name, 'link', 'set', 'v1', 'up']);
    sh(['-n', name, 'neigh', 'add', '10.77.0.9', 'lladdr', '02:00:00:00:00:09', 'dev', 'v0']);
  } catch (e) {
    remove();
    throw e;
  }
  return {
    name,
    iface: 'v0',
    run(script) {
      const r = spawnSync(ip, ['netns', 'exec', name, 'bash', '-c', script], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`in ${name}: ${script}: ${r.stderr.trim()}`);
    },
    remove,
  };
}
