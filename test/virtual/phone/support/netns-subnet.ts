// A real broadcast domain for the namespace-mode test: a namespace holding a bridge, one
// namespace per phone (veth "eth0" on the bridge) and a veth from the host onto the bridge,
// so the test process (TFTP server, HTTP client) sits on the same subnet. Names carry the
// test's pid; teardown deletes every namespace and link it made, and is idempotent.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function ip(...args: string[]): Promise<void> {
  await run('ip', args);
}

export interface NetnsSubnet {
  lanNs: string;
  phoneNs: string[];
  hostIp: string;
  down(): Promise<void>;
}

export async function netnsAvailable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const probe = `pfslab-probe-${process.pid}`;
  try {
    await ip('netns', 'add', probe);
    await ip('netns', 'del', probe);
    return true;
  } catch {
    return false;
  }
}

/** prefix e.g. "10.199.77": host .11/24, phones .21, .22 ... */
export async function netnsSubnet(prefix: string, phones: number): Promise<NetnsSubnet> {
  const tag = `pp${process.pid % 100000}`;
  const lanNs = `pfslab-${tag}-lan`;
  const phoneNs = Array.from({ length: phones }, (_, i) => `pfslab-${tag}-p${i}`);
  const hostIf = `${tag}h`;
  const made: string[] = [];
  const down = async () => {
    for (const ns of [...made].reverse()) await ip('netns', 'del', ns).catch(() => {});
    await ip('link', 'del', hostIf).catch(() => {});
  };
  try {
    await ip('netns', 'add', lanNs);
    made.push(lanNs);
    await ip('-n', lanNs, 'link', 'add', 'br0', 'type', 'bridge');
    await ip('-n', lanNs, 'link', 'set', 'br0', 'up');
    for (const [i, ns] of phoneNs.entries()) {
      await ip('netns', 'add', ns);
      made.push(ns);
      const a = `${tag}a${i}`;
      const b = `${tag}b${i}`;
      await ip('link', 'add', a, 'type', 'veth', 'peer', 'name', b);
      await ip('link', 'set', a, 'netns', ns);
      await ip('link', 'set', b, 'netns', lanNs);
      await ip('-n', lanNs, 'link', 'set', b, 'master', 'br0', 'up');
      await ip('-n', ns, 'link', 'set', a, 'name', 'eth0');
      await ip('-n', ns, 'addr', 'add', `${prefix}.${21 + i}/24`, 'brd', '+', 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    await ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', `${tag}hb`);
    await ip('link', 'set', `${tag}hb`, 'netns', lanNs);
    await ip('-n', lanNs, 'link', 'set', `${tag}hb`, 'master', 'br0', 'up');
    await ip('addr', 'add', `${prefix}.11/24`, 'brd', '+', 'dev', hostIf);
    await ip('link', 'set', hostIf, 'up');
  } catch (e) {
    await down();
    throw e;
  }
  return { lanNs, phoneNs, hostIp: `${prefix}.11`, down };
}
