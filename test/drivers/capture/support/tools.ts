// The system tools the capture tests need. Missing ones FAIL the tests with the fix (never
// skip): a machine without tcpdump must not look green.
import { accessSync, constants } from 'node:fs';

const TOOLS: Record<string, string[]> = {
  tcpdump: ['/usr/bin/tcpdump', '/usr/sbin/tcpdump'],
  tshark: ['/usr/bin/tshark'],
  ip: ['/usr/sbin/ip', '/usr/bin/ip', '/sbin/ip'],
  sshd: ['/usr/sbin/sshd'],
  'ssh-keygen': ['/usr/bin/ssh-keygen'],
};

/** The path of each tool; throws naming what is missing and how to get it. */
export function requireTools(...names: (keyof typeof TOOLS)[]): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const path = (TOOLS[name] ?? []).find((p) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (path === undefined) missing.push(name);
    else found[name] = path;
  }
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not installed, the capture driver tests need them: run npm run setup`);
  return found;
}

export function requireRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('the capture driver tests open raw sockets and namespaces: run them as root (see npm run setup)');
}
