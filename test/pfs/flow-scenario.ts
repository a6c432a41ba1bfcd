// Builds CaptureSummary objects by hand, flow by flow, so that each PFS rule can be shown
// a tree that obeys it and the one change that breaks it.
import type { CaptureSummary, Conversation, Tcp4051Connection, TftpTransfer, Udp4051Flow } from '../../harness/evidence/pcap/types.ts';
import type { LabFacts, PhoneFact } from '../../harness/pfs/inventory.ts';

export const TFTP_SERVER = '10.10.0.10';
export const APPS = { name: 'apps41.9-4-2ES26.sbn', size: 197_345 };
export const JAR = { name: 'jar41sccp.9-4-2ES26.sbn', size: 101_878 };
export const LOAD_ID = 'SCCP41.9-4-2SR2-2S';

export class FlowScenario {
  private frame = 1;
  private readonly udp: Udp4051Flow[] = [];
  private readonly tcp: Tcp4051Connection[] = [];
  private readonly tftps: TftpTransfer[] = [];
  private readonly convs: Conversation[] = [];

  constructor(readonly file = 'branch.pcap') {}

  private frames(n: number): [number, number] {
    const first = this.frame;
    this.frame += n;
    return [first, this.frame - 1];
  }

  /** A phone announcing itself on UDP 4051: the wire's sign that it runs PFS. */
  announce(src: string, at = 1): this {
    const [f] = this.frames(1);
    this.udp.push({ src, srcPort: 4051, dst: '255.255.255.255', dstPort: 4051, broadcast: true, datagrams: 1, bytes: 40, firstTime: at, lastTime: at, firstFrame: f, lastFrame: f });
    return this;
  }

  fetch(client: string, file: { name: string; size: number }, start: number, end: number, opts: { bytes?: number; status?: TftpTransfer['status'] } = {}): this {
    const [first, last] = this.frames(10);
    const bytes = opts.bytes ?? file.size;
    const status = opts.status ?? (bytes === file.size ? 'complete' : 'incomplete');
    this.tftps.push({
      client, clientPort: 50_000 + first, server: TFTP_SERVER, serverPort: 69, serverTid: 40_000 + first, op: 'read', file: file.name, mode: 'octet',
      requestedOptions: {}, acceptedOptions: {}, blockSize: 512, bytes, wireBytes: bytes, blocks: Math.ceil(bytes / 512) + 1,
      start, end, durationMs: (end - start) * 1000, status, requestFrame: first, lastFrame: last, lastDataTime: end,
    });
    return this;
  }

  /** A TCP 4051 copy: the child connects to the parent, the parent sends `bytes`. */
  feed(parent: string, child: string, bytes: number, start: number, end: number, opts: { firstPayload?: number; state?: Tcp4051Connection['state'] } = {}): this {
    const [first, last] = this.frames(20);
    this.tcp.push({
      initiator: child, initiatorPort: 40_000 + first, acceptor: parent, acceptorPort: 4051,
      bytesFromInitiator: 60, bytesFromAcceptor: bytes, start, end,
      firstPayloadFromAcceptor: opts.firstPayload ?? start + 0.001, lastPayloadFromAcceptor: end - 0.001,
      firstPayloadFromInitiator: start, lastPayloadFromInitiator: start,
      state: opts.state ?? 'closed', sawSyn: true, firstFrame: first, lastFrame: last,
    });
    return this;
  }

  converse(a: string, aPort: number, b: string, bPort: number, proto: 'tcp' | 'udp' = 'udp'): this {
    const [f] = this.frames(3);
    this.convs.push({ a, aPort, b, bPort, proto, ipProto: proto === 'tcp' ? 6 : 17, packets: 3, bytes: 300, firstFrame: f, firstTime: 5, lastTime: 6 });
    return this;
  }

  summary(): CaptureSummary {
    return {
      file: this.file, format: 'pcap', linkTypes: [1], frames: this.frame - 1, bytes: 0, ipv4Packets: this.frame - 1, ipv4Fragments: 0,
      otherFrames: 0, malformedFrames: 0, udp4051: this.udp, tcp4051: this.tcp, tftp: this.tftps, conversations: this.convs,
    };
  }
}

export const phoneFact = (ip: string, model = 'CP-7961G', subnet = 'branch'): PhoneFact => {
  const mac = `00AA00${ip.split('.').map((n) => Number(n).toString(16).padStart(2, '0')).join('').slice(2).toUpperCase()}`;
  return { name: `SEP${mac}`, mac, model, ip, subnet };
};

/** A branch 10.20.1.0/24 of CP-7961G at .11-.17 (plus extras), all on one SCCP41 load. */
export function branchFacts(extra: PhoneFact[] = []): LabFacts {
  const phones = [11, 12, 13, 14, 15, 16, 17].map((n) => phoneFact(`10.20.1.${n}`));
  const load = { id: LOAD_ID, files: [APPS, JAR] };
  return {
    phones: [...phones, ...extra],
    subnets: [{ name: 'branch', cidr: '10.20.1.0/24' }, { name: 'branch2', cidr: '10.20.2.0/24' }, { name: 'hq', cidr: '10.10.0.0/24' }],
    inventory: new Map([['CP-7961G', load], ['CP-7941G', load]]),
  };
}

/**
 * A healthy PFS upgrade of one file: .11 fetches it from TFTP and feeds .12 and .13, which
 * feed two children each. Every phone announces itself on 4051 first.
 */
export function healthyTree(s = new FlowScenario(), file = APPS, t0 = 10): FlowScenario {
  for (const n of [11, 12, 13, 14, 15, 16, 17]) s.announce(`10.20.1.${n}`);
  const ip = (n: number): string => `10.20.1.${n}`;
  s.fetch(ip(11), file, t0, t0 + 5);
  s.feed(ip(11), ip(12), file.size, t0 + 6, t0 + 7);
  s.feed(ip(11), ip(13), file.size, t0 + 6, t0 + 7.2);
  s.feed(ip(12), ip(14), file.size, t0 + 8, t0 + 9);
  s.feed(ip(12), ip(15), file.size, t0 + 8, t0 + 9.1);
  s.feed(ip(13), ip(16), file.size, t0 + 8, t0 + 9.3);
  s.feed(ip(13), ip(17), file.size, t0 + 8, t0 + 9.4);
  return s;
}
