// Every supported file format and link type reads the same small PFS scenario, and tshark
// reads the same files the same way.
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import type { CaptureBuilderOptions } from '../support/capture-builder.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkCount, tsharkFields } from '../support/capture-tshark.ts';
import { CHILD, LOAD_FILE, ROOT, writeSmallUpgrade } from '../support/capture-scenarios.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';

const variants: { name: string; opts: CaptureBuilderOptions; dlt: number; noTimes?: boolean }[] = [
  { name: 'pcap little-endian µs Ethernet', opts: {}, dlt: 1 },
  { name: 'pcap big-endian µs Ethernet', opts: { bigEndian: true }, dlt: 1 },
  { name: 'pcap little-endian ns Ethernet', opts: { nanos: true }, dlt: 1 },
  { name: 'pcap big-endian ns Linux cooked (SLL)', opts: { bigEndian: true, nanos: true, linkType: 'sll' }, dlt: 113 },
  { name: 'pcap SLL2', opts: { linkType: 'sll2' }, dlt: 276 },
  { name: 'pcap raw IPv4 (228)', opts: { linkType: 'raw' }, dlt: 228 },
  { name: 'pcap raw IP (101)', opts: { linkType: 'raw101' }, dlt: 101 },
  { name: 'pcap BSD loopback (0)', opts: { linkType: 'null' }, dlt: 0 },
  { name: 'pcap Ethernet 802.1Q VLAN', opts: { vlan: 117 }, dlt: 1 },
  { name: 'pcapng Ethernet QinQ', opts: { format: 'pcapng', vlan: [300, 117] }, dlt: 1 },
  { name: 'pcapng little-endian µs Ethernet', opts: { format: 'pcapng' }, dlt: 1 },
  { name: 'pcapng big-endian ns Ethernet (if_tsresol=9)', opts: { format: 'pcapng', bigEndian: true, nanos: true }, dlt: 1 },
  { name: 'pcapng SLL2', opts: { format: 'pcapng', linkType: 'sll2' }, dlt: 276 },
  { name: 'pcapng obsolete packet blocks', opts: { format: 'pcapng', pcapngPacketBlock: 'opb' }, dlt: 1 },
  { name: 'pcapng simple packet blocks', opts: { format: 'pcapng', pcapngPacketBlock: 'spb' }, dlt: 1, noTimes: true },
];

describe('pcap reader: formats and link types', function () {
  const tmp = captureTmpDir();
  after(() => tmp.remove());

  variants.forEach((v, i) => {
    it(`reads ${v.name} like tshark does`, async function () {
      const file = tmp.file(`variant-${i}.${v.opts.format ?? 'pcap'}`);
      const b = await CaptureBuilder.create(file, v.opts);
      const raw = v.opts.linkType === 'raw' || v.opts.linkType === 'raw101';
      const want = writeSmallUpgrade(b, { arp: !raw });
      await b.close();

      const s = await readCapture(file);
      assert.equal(s.stoppedEarly, undefined);
      assert.equal(s.format, v.opts.format ?? 'pcap');
      assert.deepEqual(s.linkTypes, [v.dlt]);
      assert.equal(s.frames, want.frames);
      assert.equal(s.otherFrames, want.otherFrames);
      assert.equal(s.malformedFrames, 0);
      assert.equal(s.ipv4Packets, want.frames - want.otherFrames);
      if (!v.noTimes) {
        assert.ok(Math.abs(s.firstTime! - want.t0) < 2e-6, `firstTime ${s.firstTime} vs ${want.t0}`);
      }

      const limited = s.udp4051.find((f) => f.dst === '255.255.255.255');
      assert.ok(limited);
      assert.equal(limited.datagrams, want.udpBroadcasts);
      assert.equal(limited.bytes, 300);
      assert.equal(limited.broadcast, true);
      const directed = s.udp4051.find((f) => f.dst === '10.0.0.255');
      assert.ok(directed);
      // Raw IP has no link-layer destination: a .255 address alone is no proof of broadcast.
      assert.equal(directed.broadcast, !raw && v.dlt !== 0);

      assert.equal(s.tcp4051.length, 1);
      const c = s.tcp4051[0]!;
      assert.deepEqual([c.initiator, c.initiatorPort, c.acceptor, c.acceptorPort], [CHILD, 40000, ROOT, 4051]);
      assert.equal(c.bytesFromInitiator, want.tcpFromChild);
      assert.equal(c.bytesFromAcceptor, want.tcpFromRoot);
      assert.equal(c.state, 'closed');
      assert.equal(c.sawSyn, true);

      assert.equal(s.tftp.length, 1);
      assert.equal(s.tftp[0]!.file, LOAD_FILE);
      assert.equal(s.tftp[0]!.bytes, want.tftpBytes);
      assert.equal(s.tftp[0]!.status, 'complete');

      // The same file through tshark.
      assert.equal(tsharkCount(file, ''), s.frames);
      assert.equal(tsharkCount(file, 'udp.port == 4051'), 4);
      const seg = tsharkFields(file, 'tcp.port == 4051', ['tcp.srcport', 'tcp.len']);
      const fromRoot = seg.filter(([p]) => p === '4051').reduce((n, [, l]) => n + Number(l), 0);
      const fromChild = seg.filter(([p]) => p !== '4051').reduce((n, [, l]) => n + Number(l), 0);
      assert.deepEqual([fromChild, fromRoot], [c.bytesFromInitiator, c.bytesFromAcceptor]);
      assert.deepEqual(tsharkFields(file, 'tftp.opcode == 1', ['tftp.source_file']), [[LOAD_FILE]]);
    });
  });

  it('reads a pcapng file whose sections have different byte orders, skipping unknown blocks', async function () {
    const le = tmp.file('le.pcapng');
    const be = tmp.file('be.pcapng');
    const b1 = await CaptureBuilder.create(le, { format: 'pcapng', linkType: 'sll' });
    b1.pcapngBlock(0x80000001, Buffer.from('local use block, to be skipped'));
    const w1 = writeSmallUpgrade(b1);
    await b1.close();
    const b2 = await CaptureBuilder.create(be, { format: 'pcapng', bigEndian: true, startTime: 1_700_000_100 });
    const w2 = writeSmallUpgrade(b2);
    b2.newSection();
    b2.udp({ src: ROOT, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 10 });
    await b2.close();
    const both = tmp.file('both.pcapng');
    writeFileSync(both, Buffer.concat([readFileSync(le), readFileSync(be)]));

    const s = await readCapture(both);
    assert.equal(s.stoppedEarly, undefined);
    assert.equal(s.frames, w1.frames + w2.frames + 1);
    assert.deepEqual(s.linkTypes, [1, 113]);
    assert.equal(s.tcp4051.length, 2);
    assert.equal(s.tftp.length, 2, 'the same client endpoint asking again after an answer is a new transfer');
    assert.equal(s.udp4051.find((f) => f.dst === '255.255.255.255')!.datagrams, 7);
    assert.equal(tsharkCount(both, ''), s.frames);
  });

  it('honours pcapng if_tsresol as a power of two and if_tsoffset', async function () {
    const file = tmp.file('tsresol.pcapng');
    const b = await CaptureBuilder.create(file, { format: 'pcapng' });
    // A second interface, written by hand: 2^-20 s units, offset 1000 s.
    const idb = Buffer.alloc(8 + 8 + 12 + 4);
    idb.writeUInt16LE(1, 0);
    idb.writeUInt32LE(65535, 4);
    idb.writeUInt16LE(9, 8); // if_tsresol
    idb.writeUInt16LE(1, 10);
    idb[12] = 0x80 | 20;
    idb.writeUInt16LE(14, 16); // if_tsoffset
    idb.writeUInt16LE(8, 18);
    idb.writeUInt32LE(1000, 20);
    b.pcapngBlock(1, idb);
    const frame = Buffer.alloc(60);
    frame.writeUInt16BE(0x0806, 12);
    const units = 1_700_000_000 * 2 ** 20 + 2 ** 19; // x.5 s
    const epb = Buffer.alloc(20 + frame.length);
    epb.writeUInt32LE(1, 0); // interface 1
    epb.writeUInt32LE(Math.floor(units / 2 ** 32), 4);
    epb.writeUInt32LE(units % 2 ** 32, 8);
    epb.writeUInt32LE(frame.length, 12);
    epb.writeUInt32LE(frame.length, 16);
    frame.copy(epb, 20);
    b.pcapngBlock(6, epb);
    await b.close();
    const s = await readCapture(file);
    assert.equal(s.frames, 1);
    assert.equal(s.otherFrames, 1);
    assert.ok(Math.abs(s.firstTime! - (1_700_001_000.5)) < 1e-6, String(s.firstTime));
    const [[t]] = tsharkFields(file, '', ['frame.time_epoch']) as [[string]];
    assert.ok(Math.abs(Number(t) - s.firstTime!) < 1e-6, `tshark ${t} vs ${s.firstTime}`);
  });

  it('reads the old "modified pcap" format (magic a1b2cd34, 24-byte record headers)', async function () {
    const plain = tmp.file('plain-for-modified.pcap');
    const b = await CaptureBuilder.create(plain);
    const want = writeSmallUpgrade(b);
    await b.close();
    // Rewrite: new magic, and 8 more bytes (ifindex, protocol, pkt_type, pad) after each record header.
    const src = readFileSync(plain);
    const parts = [src.subarray(0, 24)];
    parts[0]!.writeUInt32LE(0xa1b2cd34, 0);
    for (let p = 24; p < src.length; ) {
      const caplen = src.readUInt32LE(p + 8);
      parts.push(src.subarray(p, p + 16), Buffer.alloc(8), src.subarray(p + 16, p + 16 + caplen));
      p += 16 + caplen;
    }
    const file = tmp.file('modified.pcap');
    writeFileSync(file, Buffer.concat(parts));
    const s = await readCapture(file);
    assert.equal(s.stoppedEarly, undefined);
    assert.equal(s.frames, want.frames);
    assert.equal(s.tcp4051[0]!.bytesFromAcceptor, want.tcpFromRoot);
    assert.equal(tsharkCount(file, ''), s.frames);
  });

  it('reads a capture much larger than one read chunk, records straddling every boundary', async function () {
    const file = tmp.file('big.pcap');
    const b = await CaptureBuilder.create(file, { nanos: true });
    // Odd segment sizes so that record boundaries fall everywhere relative to the read chunks.
    const r = b.tcpSession({ client: CHILD, cport: 40001, server: ROOT, sport: 4051, serverBytes: 40_000_000, mss: 1447, retransmitEvery: 97 });
    await b.close();
    const progress: number[] = [];
    const s = await readCapture(file, { onProgress: (n) => progress.push(n) });
    assert.equal(s.stoppedEarly, undefined);
    assert.equal(s.frames, r.lastFrame);
    assert.equal(s.tcp4051[0]!.bytesFromAcceptor, 40_000_000);
    assert.ok(progress.length >= 3);
    assert.deepEqual(progress, [...progress].sort((x, y) => x - y));
  });

  it('lets the event loop turn while it reads a large file (a run reading a capture keeps serving its timers)', async function () {
    const file = tmp.file('turns.pcap');
    const b = await CaptureBuilder.create(file);
    b.tcpSession({ client: CHILD, cport: 40002, server: ROOT, sport: 4051, serverBytes: 40_000_000, mss: 1460 });
    await b.close();
    // Regular files are read with synchronous preads: only the reader's own yields let a timer in.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let atFirstChunk = -1;
    let atLastChunk = -1;
    const onProgress = (): void => {
      if (atFirstChunk < 0) atFirstChunk = ticks;
      atLastChunk = ticks;
    };
    try {
      await readCapture(file, { onProgress });
    } finally {
      clearInterval(timer);
    }
    assert.ok(atLastChunk > atFirstChunk, `a 0 ms interval ran ${atLastChunk - atFirstChunk} times between the first and the last chunk of ~40 MB`);
  });
});
