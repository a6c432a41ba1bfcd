// Address sanity: subnets well formed and disjoint, every phone inside its subnet, on a
// usable host address, and no address used twice (a duplicate IP makes two phones look
// like one in every capture).

import type { Cidr } from '../../formats/ipv4.ts';
import { cidrContains, cidrsOverlap, ipv4ToNumber, isReservedInCidr, parseCidr } from '../../formats/ipv4.ts';
import type { LabSpec } from '../schema.ts';
import type { PathIssue } from './types.ts';

export function checkAddresses(spec: LabSpec): PathIssue[] {
  const issues: PathIssue[] = [];
  const subnets = new Map<string, Cidr>();
  spec.subnets.forEach((subnet, i) => {
    const cidr = parseCidr(subnet.cidr);
    if (!cidr) return;
    if (cidr.network !== cidr.address) {
      issues.push({ path: ['subnets', i, 'cidr'], message: `${subnet.cidr} has host bits set; did you mean ${cidr.canonical}?` });
    }
    spec.subnets.slice(0, i).forEach((earlier, j) => {
      const other = parseCidr(earlier.cidr);
      if (other && cidrsOverlap(cidr, other)) {
        issues.push({ path: ['subnets', i, 'cidr'], message: `${subnet.cidr} overlaps subnets[${j}] (${earlier.name}, ${earlier.cidr})` });
      }
    });
    if (!subnets.has(subnet.name)) subnets.set(subnet.name, cidr);
  });

  // Every address a device of the lab answers on, first user wins.
  const used = new Map<string, string>();
  const claim = (ip: string, path: (string | number)[], label: string) => {
    const first = used.get(ip);
    if (first) issues.push({ path, message: `duplicate IP ${ip}: also ${first}` });
    else used.set(ip, label);
  };
  if (ipv4ToNumber(spec.tftp.server) !== undefined) used.set(spec.tftp.server, 'tftp.server');
  spec.switches.forEach((sw, i) => {
    if (ipv4ToNumber(sw.host) !== undefined) claim(sw.host, ['switches', i, 'host'], `switches[${i}].host`);
  });

  spec.phones.forEach((phone, i) => {
    const ip = ipv4ToNumber(phone.ip);
    if (ip === undefined) return;
    claim(phone.ip, ['phones', i, 'ip'], `phones[${i}].ip (${phone.name})`);
    const cidr = subnets.get(phone.subnet);
    if (!cidr) return; // an unknown subnet is reported by the reference checks
    if (!cidrContains(cidr, ip)) {
      issues.push({ path: ['phones', i, 'ip'], message: `${phone.ip} is outside subnet ${phone.subnet} (${cidr.canonical})` });
      return;
    }
    const reserved = isReservedInCidr(cidr, ip);
    if (reserved) {
      issues.push({ path: ['phones', i, 'ip'], message: `${phone.ip} is the ${reserved} address of ${phone.subnet} (${cidr.canonical}), not a host address` });
    }
  });
  return issues;
}
