// UDP 4051 flows and broadcast proof, IPv4 fragments and header options, non-IP and
// malformed frames, and conversations of every protocol.
import assert from 'node:assert/strict';
import { CaptureBuilder } from '../support/capture-builder.ts';
import type { CaptureBuilderOptions } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkCount, tsharkFields } from '../support/capture-tshark.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import type { CaptureSummary } from '../../harness/evidence/pcap/index.ts';

const A = '10.106.117.68';
const B = '10.106.117.70';

describe('pcap reader: UDP 4051, IPv4 and conversations', function () {
  const tmp = captureTmpDir();
  after(() => tmp.remove());
  let n = 0;

  async function capture(write: (b: CaptureBuilder) => void, opts: CaptureBuilderOptions = {}): Promise<{ file: string; s: CaptureSummary }> {
    const file = tmp.file(`udp-${n++}.pcap`);
    const b = await CaptureBuilder.create(file, opts);
    write(b);
    await b.close();
    return { file, s: await readCapture(file) };
  }

  it('marks broadcast only on proof: 255.255.255.255 or a link-layer broadcast, not a .255 address', async function () {
    for (const linkType of ['ethernet', 'sll', 'sll2'] as const) {
      const { file, s } = await capture(
        (b) => {
          b.udp({ src: A, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 40 });
          b.udp({ src: A, dst: '10.106.117.255', sport: 4051, dport: 4051, payload: 40, broadcastMac: true });
          b.udp({ src: A, dst: '10.106.116.255', sport: 4051, dport: 4051, payload: 40 }); // a host in a /23
          b.udp({ src: B, dst: A, sport: 4051, dport: 4051, payload: 20 });
          b.udp({ src: B, dst: A, sport: 4051, dport: 4051, payload: 30 });
        },
        { linkType },
      );
      assert.deepEqual(
        s.udp4051.map((f) => [f.src, f.dst, f.broadcast, f.datagrams, f.bytes, f.firstFrame, f.lastFrame]),
        [
          [A, '255.255.255.255', true, 1, 40, 1, 1],
          [A, '10.106.117.255', true, 1, 40, 2, 2],
          [A, '10.106.116.255', false, 1, 40, 3, 3],
          [B, A, false, 2, 50, 4, 5],
        ],
        linkType,
      );
      assert.equal(tsharkCount(file, 'udp.port == 4051'), 5);
      if (linkType === 'ethernet') assert.equal(tsharkCount(file, 'eth.dst == ff:ff:ff:ff:ff:ff'), 2);
    }
  });

  it('counts fragments, decodes only first fragments, counts the datagram once', async function () {
    const { file, s } = await capture((b) => {
      b.fragmentedUdp({ src: A, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 4000, fragmentSize: 1480 });
      b.fragmentedUdp({ src: B, dst: A, sport: 4051, dport: 4051, payload: 3000, fragmentSize: 1000, reverse: true });
      b.udp({ src: B, dst: A, sport: 4051, dport: 4051, payload: 10, ipOptions: Buffer.from([0x94, 0x04, 0, 0]) });
    });
    assert.equal(s.ipv4Fragments, 3 + 4);
    assert.equal(s.ipv4Packets, 8);
    const bcast = s.udp4051.find((f) => f.broadcast)!;
    assert.deepEqual([bcast.datagrams, bcast.bytes], [1, 4000]);
    const uni = s.udp4051.find((f) => f.src === B)!;
    assert.deepEqual([uni.datagrams, uni.bytes], [2, 3010], 'fragmented datagram + the one with IP options');
    // In order, later fragments join the first fragment's conversation.
    const c = s.conversations.find((x) => x.b === '255.255.255.255')!;
    assert.deepEqual([c.packets, c.bytes], [3, 4008]);
    // tshark: same fragment count, and one reassembled datagram per fragmented one.
    assert.equal(tsharkCount(file, 'ip.flags.mf == 1 || ip.frag_offset > 0'), s.ipv4Fragments);
    assert.equal(tsharkCount(file, 'udp.port == 4051'), 3);
  });

  it('honours IPv4 header options on TCP 4051 too', async function () {
    const { s } = await capture((b) => {
      b.tcp({ src: A, dst: B, sport: 4051, dport: 40000, seq: 1, ack: 1, flags: 0x10, payload: 1000, ipOptions: Buffer.from([1, 1, 1, 1, 0x94, 0x04, 0, 0]) });
    });
    assert.equal(s.tcp4051[0]!.bytesFromInitiator, 1000);
    assert.equal(s.malformedFrames, 0);
  });

  it('counts non-IPv4 frames as other, too-short ones as malformed, and keeps going', async function () {
    const { file, s } = await capture((b) => {
      b.linkFrame(0x0806, Buffer.alloc(28)); // ARP
      b.linkFrame(0x86dd, Buffer.alloc(40)); // IPv6
      b.rawFrame(Buffer.alloc(8)); // shorter than an Ethernet header
      const cut = Buffer.alloc(14 + 10);
      cut.writeUInt16BE(0x0800, 12);
      cut[14] = 0x45;
      b.rawFrame(cut); // IPv4 header cut
      b.ipv4({ src: A, dst: B, proto: 17, payload: Buffer.from([0x0f, 0xd3, 0x0f, 0xd3, 0, 4, 0, 0]) }); // UDP length 4 < 8
      b.ipv4({ src: A, dst: B, proto: 6, payload: Buffer.alloc(10) }); // TCP header cut
      b.ipv4({ src: A, dst: B, proto: 1, payload: Buffer.alloc(64) }); // ICMP
      b.ipv4({ src: A, dst: B, proto: 1, payload: Buffer.alloc(64), totalLengthOverride: 10 }); // total length < header
      b.udp({ src: A, dst: B, sport: 4051, dport: 4051, payload: 5 });
    });
    assert.deepEqual([s.frames, s.otherFrames, s.malformedFrames], [9, 2, 5]);
    assert.equal(s.udp4051[0]!.datagrams, 1);
    const icmp = s.conversations.find((c) => c.proto === 'other')!;
    assert.deepEqual([icmp.ipProto, icmp.aPort, icmp.bPort, icmp.packets, icmp.bytes], [1, 0, 0, 1, 64]);
    assert.equal(tsharkCount(file, ''), 9);
  });

  it('aggregates conversations as tshark sees them (packets and IP payload bytes per pair)', async function () {
    const { file, s } = await capture((b) => {
      b.tcpSession({ client: B, cport: 40000, server: A, sport: 4051, clientBytes: 500, serverBytes: 30_000, retransmitEvery: 4 });
      b.tftpRead({ client: A, cport: 50000, server: '10.1.0.10', stid: 61000, file: 'f', size: 5000 });
      for (let i = 0; i < 4; i++) b.udp({ src: A, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 64 });
      b.ipv4({ src: A, dst: '10.1.0.1', proto: 1, payload: Buffer.alloc(56) });
    });
    const rows = tsharkFields(file, 'ip', ['ip.src', 'ip.dst', 'ip.proto', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport', 'ip.len', 'ip.hdr_len']);
    const want = new Map<string, { packets: number; bytes: number }>();
    for (const [src, dst, proto, ts, td, us, ud, len, hl] of rows) {
      const sp = ts || us || '0';
      const dp = td || ud || '0';
      const ends = [`${src}:${sp}`, `${dst}:${dp}`].sort();
      const key = `${proto} ${ends.join(' ')}`;
      const e = want.get(key) ?? { packets: 0, bytes: 0 };
      e.packets++;
      e.bytes += Number(len) - Number(hl);
      want.set(key, e);
    }
    const got = new Map(
      s.conversations.map((c) => [`${c.ipProto} ${[`${c.a}:${c.aPort}`, `${c.b}:${c.bPort}`].sort().join(' ')}`, { packets: c.packets, bytes: c.bytes }]),
    );
    assert.deepEqual(got, want);
    // The TFTP reply comes from the server's TID: a conversation of its own, as in tshark.
    assert.equal(s.conversations.length, 5);
  });
});
