// TCP 4051 connections: byte counts per direction that survive retransmissions, sequence
// wrap, gaps and snapped captures; who initiated; how the connection ended.
import assert from 'node:assert/strict';
import { CaptureBuilder, TCP_ACK, TCP_PSH, TCP_SYN } from '../support/capture-builder.ts';
import type { CaptureBuilderOptions } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkFields } from '../support/capture-tshark.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import type { CaptureSummary } from '../../harness/evidence/pcap/index.ts';

const PARENT = '10.106.117.68';
const CHILD = '10.106.117.70';

describe('pcap reader: TCP 4051 connections', function () {
  const tmp = captureTmpDir();
  after(() => tmp.remove());
  let n = 0;

  async function capture(write: (b: CaptureBuilder) => void, opts: CaptureBuilderOptions = {}): Promise<{ file: string; s: CaptureSummary }> {
    const file = tmp.file(`tcp-${n++}.pcap`);
    const b = await CaptureBuilder.create(file, opts);
    write(b);
    await b.close();
    return { file, s: await readCapture(file) };
  }

  /** tshark's payload bytes per source port on port 4051, optionally without what it flags as retransmissions. */
  function tsharkBytes(file: string, extraFilter = ''): Map<string, number> {
    const rows = tsharkFields(file, `tcp.port == 4051${extraFilter}`, ['tcp.srcport', 'tcp.len']);
    const m = new Map<string, number>();
    for (const [port, len] of rows) m.set(port!, (m.get(port!) ?? 0) + Number(len));
    return m;
  }

  it('counts retransmitted segments once; tshark agrees once its retransmissions are left out', async function () {
    const { file, s } = await capture((b) => {
      b.tcpSession({ client: CHILD, cport: 40000, server: PARENT, sport: 4051, clientBytes: 3000, serverBytes: 1_630_052, retransmitEvery: 7 });
    });
    const c = s.tcp4051[0]!;
    assert.equal(c.bytesFromAcceptor, 1_630_052);
    assert.equal(c.bytesFromInitiator, 3000);
    const unique = tsharkBytes(file, ' && !tcp.analysis.retransmission');
    assert.equal(unique.get('4051'), c.bytesFromAcceptor);
    assert.equal(unique.get('40000'), c.bytesFromInitiator);
    const all = tsharkBytes(file);
    assert.ok(all.get('4051')! > c.bytesFromAcceptor, 'the capture does contain retransmitted bytes');
  });

  it('handles sequence numbers wrapping past 2^32 in both directions', async function () {
    const { file, s } = await capture((b) => {
      b.tcpSession({ client: CHILD, cport: 40000, server: PARENT, sport: 4051, clientBytes: 50_000, serverBytes: 2_000_000, clientIsn: 0xffff_fff0, serverIsn: 0xfff0_0000, retransmitEvery: 5 });
    });
    const c = s.tcp4051[0]!;
    assert.equal(c.bytesFromInitiator, 50_000);
    assert.equal(c.bytesFromAcceptor, 2_000_000);
    assert.equal(tsharkBytes(file, ' && !tcp.analysis.retransmission').get('4051'), 2_000_000);
  });

  it('reports closed, reset and cut connections with their times and frames', async function () {
    let closed!: { firstFrame: number; lastFrame: number; end: number };
    let reset!: typeof closed;
    let cut!: typeof closed;
    const { s } = await capture((b) => {
      closed = b.tcpSession({ client: CHILD, cport: 40001, server: PARENT, sport: 4051, serverBytes: 10_000, start: 1_700_000_010, durationS: 2 });
      reset = b.tcpSession({ client: CHILD, cport: 40002, server: PARENT, sport: 4051, serverBytes: 10_000, start: 1_700_000_020, durationS: 2, end: 'reset' });
      cut = b.tcpSession({ client: CHILD, cport: 40003, server: PARENT, sport: 4051, serverBytes: 10_000, start: 1_700_000_030, durationS: 2, end: 'cut' });
    });
    assert.deepEqual(
      s.tcp4051.map((c) => [c.initiatorPort, c.state, c.firstFrame, c.lastFrame]),
      [
        [40001, 'closed', closed.firstFrame, closed.lastFrame],
        [40002, 'reset', reset.firstFrame, reset.lastFrame],
        [40003, 'cut', cut.firstFrame, cut.lastFrame],
      ],
    );
    const c = s.tcp4051[0]!;
    assert.ok(Math.abs(c.start - 1_700_000_010) < 1e-6);
    assert.ok(Math.abs(c.end - closed.end) < 1e-6);
    // Payload starts after the 3-way handshake and ends before the FIN exchange.
    assert.ok(c.firstPayloadFromAcceptor! > c.start && c.lastPayloadFromAcceptor! < c.end);
    assert.equal(c.firstPayloadFromInitiator, undefined);
    assert.ok(Math.abs(s.tcp4051[2]!.end - cut.end) < 1e-6, 'a cut connection ends with its last frame');
  });

  it('without a SYN in the capture, the first sender is taken as initiator', async function () {
    const { s } = await capture((b) => {
      b.tcpSession({ client: CHILD, cport: 40000, server: PARENT, sport: 4051, serverBytes: 5000, noHandshake: true });
    });
    const c = s.tcp4051[0]!;
    assert.equal(c.sawSyn, false);
    assert.equal(c.initiator, PARENT, 'the parent sent the first segment seen');
    assert.equal(c.bytesFromInitiator, 5000);
  });

  it('a SYN-ACK seen first still names the SYN sender as initiator', async function () {
    const { s } = await capture((b) => {
      b.tcp({ src: PARENT, dst: CHILD, sport: 4051, dport: 40000, seq: 1000, ack: 2001, flags: TCP_SYN | TCP_ACK });
      b.tcp({ src: CHILD, dst: PARENT, sport: 40000, dport: 4051, seq: 2001, ack: 1001, flags: TCP_ACK });
      b.tcp({ src: PARENT, dst: CHILD, sport: 4051, dport: 40000, seq: 1001, ack: 2001, flags: TCP_ACK, payload: 700 });
    });
    const c = s.tcp4051[0]!;
    assert.deepEqual([c.initiator, c.acceptor, c.sawSyn, c.bytesFromAcceptor], [CHILD, PARENT, false, 700]);
  });

  it('counts across a capture gap and a late out-of-order segment exactly once', async function () {
    const { s } = await capture((b) => {
      const seg = (seq: number, len: number): void =>
        b.tcp({ src: PARENT, dst: CHILD, sport: 4051, dport: 40000, seq, ack: 1, flags: TCP_ACK | TCP_PSH, payload: len });
      b.tcp({ src: CHILD, dst: PARENT, sport: 40000, dport: 4051, seq: 0, ack: 0, flags: TCP_SYN });
      b.tcp({ src: PARENT, dst: CHILD, sport: 4051, dport: 40000, seq: 99, ack: 1, flags: TCP_SYN | TCP_ACK });
      seg(100, 1000);
      seg(2100, 1000); // 1100..2100 not (yet) in the capture
      seg(1100, 1000); // arrives late
      seg(1500, 1000); // overlaps what was already counted
      seg(3000, 500); // overlaps partially: only 100 new bytes
    });
    assert.equal(s.tcp4051[0]!.bytesFromAcceptor, 3400);
  });

  it('a new SYN on a finished 4-tuple starts a new connection; a repeated SYN does not', async function () {
    const { s } = await capture((b) => {
      b.tcp({ src: CHILD, dst: PARENT, sport: 40000, dport: 4051, seq: 5, ack: 0, flags: TCP_SYN });
      b.tcp({ src: CHILD, dst: PARENT, sport: 40000, dport: 4051, seq: 5, ack: 0, flags: TCP_SYN }); // SYN retransmitted
      b.tcpSession({ client: CHILD, cport: 40000, server: PARENT, sport: 4051, serverBytes: 3000, clientIsn: 5 });
      b.tcpSession({ client: CHILD, cport: 40000, server: PARENT, sport: 4051, serverBytes: 4000, clientIsn: 900_000 });
    });
    assert.deepEqual(
      s.tcp4051.map((c) => c.bytesFromAcceptor),
      [3000, 4000],
    );
    assert.equal(s.conversations.filter((c) => c.proto === 'tcp').length, 1, 'one conversation for the 4-tuple');
  });

  it('counts bytes from IP lengths in a capture snapped to 96 bytes (tcpdump -s 96)', async function () {
    const { file, s } = await capture(
      (b) => {
        b.tcpSession({ client: CHILD, cport: 40000, server: PARENT, sport: 4051, serverBytes: 100_000 });
      },
      { snaplen: 96 },
    );
    assert.equal(s.tcp4051[0]!.bytesFromAcceptor, 100_000);
    assert.ok(s.bytes < 96 * s.frames + 1);
    assert.equal(tsharkBytes(file).get('4051'), 100_000);
  });

  it('takes connections with 4051 on either side, interleaved with other traffic, and leaves other TCP to conversations', async function () {
    const { s } = await capture((b) => {
      // Two copies at once, segments interleaved, plus HTTP on the side.
      let a = 1;
      let c = 1;
      b.tcp({ src: CHILD, dst: PARENT, sport: 4051, dport: 33000, seq: 0, ack: 0, flags: TCP_SYN });
      b.tcp({ src: '10.106.117.71', dst: PARENT, sport: 40000, dport: 4051, seq: 0, ack: 0, flags: TCP_SYN });
      for (let i = 0; i < 100; i++) {
        b.tcp({ src: PARENT, dst: CHILD, sport: 33000, dport: 4051, seq: a, ack: 1, flags: TCP_ACK, payload: 1000 });
        a += 1000;
        b.tcp({ src: '10.106.117.71', dst: PARENT, sport: 40000, dport: 4051, seq: c, ack: 1, flags: TCP_ACK, payload: 500 });
        c += 500;
        b.tcp({ src: PARENT, dst: '10.1.0.10', sport: 44000, dport: 80, seq: i * 10, ack: 1, flags: TCP_ACK, payload: 10 });
      }
    });
    assert.equal(s.tcp4051.length, 2);
    const byChild = s.tcp4051.find((c) => c.initiator === CHILD)!;
    assert.deepEqual([byChild.initiatorPort, byChild.acceptorPort, byChild.bytesFromAcceptor, byChild.bytesFromInitiator], [4051, 33000, 100_000, 0]);
    assert.equal(s.tcp4051.find((c) => c.initiator === '10.106.117.71')!.bytesFromInitiator, 50_000);
    const http = s.conversations.find((c) => c.bPort === 80 || c.aPort === 80)!;
    assert.deepEqual([http.a, http.aPort, http.packets, http.bytes], [PARENT, 44000, 100, 100 * 30]);
  });

  it('works with addresses above 2^31 and high ports (no sign trouble in numeric keys)', async function () {
    const { file, s } = await capture((b) => {
      b.tcpSession({ client: '192.168.200.250', cport: 65535, server: '192.168.1.2', sport: 4051, clientBytes: 10, serverBytes: 70_000, serverIsn: 0xfffffff0 });
      b.tcpSession({ client: '255.255.255.254', cport: 40000, server: '192.168.1.2', sport: 4051, serverBytes: 1000 });
    });
    assert.deepEqual(
      s.tcp4051.map((c) => [c.initiator, c.initiatorPort, c.acceptor, c.bytesFromInitiator, c.bytesFromAcceptor]),
      [
        ['192.168.200.250', 65535, '192.168.1.2', 10, 70_000],
        ['255.255.255.254', 40000, '192.168.1.2', 0, 1000],
      ],
    );
    assert.deepEqual(
      s.conversations.map((c) => [c.a, c.aPort, c.b, c.bPort]),
      [
        ['192.168.200.250', 65535, '192.168.1.2', 4051],
        ['255.255.255.254', 40000, '192.168.1.2', 4051],
      ],
    );
    assert.equal(tsharkBytes(file).get('4051'), 71_000);
  });
});
