// Names that refer to other entries must exist and be unique; a PoE port powers one phone,
// and is named the way its switch names ports.

import { closest } from '../spelling.ts';
import type { LabSpec } from '../schema.ts';
import type { PathIssue } from './types.ts';

export function checkReferences(spec: LabSpec): PathIssue[] {
  const issues: PathIssue[] = [];
  uniqueNames(spec.subnets, 'subnets', issues);
  uniqueNames(spec.switches, 'switches', issues);
  uniqueNames(spec.captures, 'captures', issues);

  const subnetNames = spec.subnets.map((s) => s.name);
  const switches = new Map(spec.switches.map((s) => [s.name, s]));
  const portsInUse = new Map<string, number>();
  spec.phones.forEach((phone, i) => {
    if (!subnetNames.includes(phone.subnet)) {
      issues.push({ path: ['phones', i, 'subnet'], message: unknownName('subnet', phone.subnet, subnetNames) });
    }
    const port = phone.port;
    if (!port) return;
    const sw = switches.get(port.switch);
    if (!sw) {
      issues.push({ path: ['phones', i, 'port', 'switch'], message: unknownName('switch', port.switch, [...switches.keys()]) });
      return;
    }
    const style = port.ifName !== undefined ? 'ifName' : 'group-port';
    if (style !== sw.portMap) {
      issues.push({
        path: ['phones', i, 'port'],
        message: `switch ${sw.name} names ports by ${sw.portMap === 'ifName' ? 'ifName' : 'group and port'} (portMap: ${sw.portMap})`,
      });
      return;
    }
    const key = `${sw.name}|${port.ifName ?? `${port.group}.${port.port}`}`;
    const first = portsInUse.get(key);
    if (first !== undefined) {
      const label = port.ifName ?? `group ${port.group} port ${port.port}`;
      issues.push({ path: ['phones', i, 'port'], message: `${sw.name} ${label} already powers phones[${first}] (${spec.phones[first]?.name})` });
    } else {
      portsInUse.set(key, i);
    }
  });
  return issues;
}

function uniqueNames(items: readonly { name: string }[], list: string, issues: PathIssue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.name);
    if (first !== undefined) issues.push({ path: [list, i, 'name'], message: `duplicate name ${item.name}: also ${list}[${first}]` });
    else seen.set(item.name, i);
  });
}

function unknownName(what: string, name: string, known: string[]): string {
  const guess = closest(name, known);
  if (guess) return `unknown ${what} ${name} (did you mean ${guess}?)`;
  return known.length ? `unknown ${what} ${name}; known: ${known.join(', ')}` : `unknown ${what} ${name}; none is defined`;
}
