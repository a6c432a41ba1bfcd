// Rules about where phone-to-phone traffic goes: port 4051 only, inside one subnet only
// (pfs-reference §2.6, §2.7).
import type { EvidenceRef, Violation } from '../analysis-types.ts';
import type { Rule } from './context.ts';

const PFS_PORT = 4051;

/** 4051 traffic between addresses of different subnets. */
export const crossSubnet: Rule = ({ evidence, dir }) => {
  const found = new Map<string, { phones: [string, string]; refs: Map<string, Set<number>> }>();
  const note = (a: string, b: string, capture: string, frame: number): void => {
    if (dir.subnetOf(a) === dir.subnetOf(b)) return;
    const key = `${a}>${b}`;
    const entry = found.get(key) ?? { phones: [a, b], refs: new Map<string, Set<number>>() };
    entry.refs.set(capture, (entry.refs.get(capture) ?? new Set<number>()).add(frame));
    found.set(key, entry);
  };
  for (const cap of evidence.captures) {
    // A limited broadcast (255.255.255.255) cannot leave its segment: only unicast counts.
    for (const u of cap.udp4051) if (!u.broadcast) note(u.src, u.dst, cap.file, u.firstFrame);
    for (const c of cap.tcp4051) note(c.initiator, c.acceptor, cap.file, c.firstFrame);
  }
  return [...found.values()].map(({ phones: [a, b], refs }) => ({
    code: 'CROSS_SUBNET',
    file: '',
    phones: [a, b],
    message: `port 4051 traffic from ${a} (${dir.subnetOf(a)}) to ${b} (${dir.subnetOf(b)}): PFS stays within one subnet`,
    evidence: toRefs(refs),
  }));
};

/** Phone-to-phone TCP or UDP on any port but 4051. */
export const non4051PeerTraffic: Rule = ({ evidence, dir }) => {
  const out: Violation[] = [];
  for (const cap of evidence.captures) {
    for (const c of cap.conversations) {
      if (c.proto === 'other' || c.aPort === PFS_PORT || c.bPort === PFS_PORT) continue;
      if (!dir.phones.has(c.a) || !dir.phones.has(c.b)) continue;
      out.push({
        code: 'NON_4051_PEER_TRAFFIC',
        file: '',
        phones: [c.a, c.b],
        message: `phones ${c.a}:${c.aPort} and ${c.b}:${c.bPort} exchanged ${c.packets} ${c.proto.toUpperCase()} packets off port 4051`,
        evidence: [{ kind: 'pcap', capture: cap.file, frames: [c.firstFrame] }],
      });
    }
  }
  return out;
};

function toRefs(refs: Map<string, Set<number>>): EvidenceRef[] {
  return [...refs].map(([capture, frames]) => ({ kind: 'pcap', capture, frames: [...frames].sort((x, y) => x - y) }));
}
