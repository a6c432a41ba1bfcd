// Which lab subnet an address belongs to.
import { cidrContains, ipv4ToNumber, parseCidr } from '../../harness/formats/ipv4.ts';

export function subnetOf(subnets: readonly { name: string; cidr: string }[], ip: string): string | undefined {
  const a = ipv4ToNumber(ip);
  if (a === undefined) return undefined;
  return subnets.find((s) => {
    const c = parseCidr(s.cidr);
    return c !== undefined && cidrContains(c, a);
  })?.name;
}
