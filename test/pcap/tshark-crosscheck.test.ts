// A small PFS upgrade (a tree of phones, TFTP from the server to the root, TCP 4051 copies
// down the tree, UDP 4051 claims), checked flow by flow against tshark on the same file.
import assert from 'node:assert/strict';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkCount, tsharkFields } from '../support/capture-tshark.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';

const FILES: [string, number][] = [
  ['jar41sccp.9-4-2ES26.sbn', 163_005],
  ['cnu41.9-4-2ES26.sbn', 55_683],
  ['apps41.9-4-2ES26.sbn', 315_752],
];
const phone = (i: number): string => `10.106.117.${68 + i}`;

describe('pcap reader: flow-by-flow agreement with tshark', function () {
  const tmp = captureTmpDir();
  after(() => tmp.remove());

  for (const format of ['pcap', 'pcapng'] as const) {
    it(`${format}: per-connection bytes each way, TFTP names and bytes, datagrams, frames`, async function () {
      const file = tmp.file(`upgrade.${format}`);
      const b = await CaptureBuilder.create(file, { format, vlan: 117 });
      for (let i = 0; i < 7; i++) b.udp({ src: phone(i), dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 48 + i });
      FILES.forEach(([name, size], f) => {
        b.tftpRead({ client: phone(0), cport: 49000 + f, server: '10.1.0.10', stid: 60000 + f, file: name, size, ...(f === 1 ? { blksize: 1428 } : {}) });
        for (let child = 1; child < 7; child++) {
          b.tcpSession({ client: phone(child), cport: 33000 + f, server: phone((child - 1) >> 1), sport: 4051, clientBytes: 32, serverBytes: size, end: child === 6 && f === 2 ? 'reset' : 'close' });
        }
      });
      await b.close();
      const s = await readCapture(file);

      assert.equal(tsharkCount(file, ''), s.frames);
      assert.equal(tsharkCount(file, 'udp.port == 4051'), s.udp4051.reduce((n, f) => n + f.datagrams, 0));

      // TCP: tshark's streams, payload summed per direction.
      const rows = tsharkFields(file, 'tcp.port == 4051', ['tcp.stream', 'ip.src', 'tcp.srcport', 'tcp.len']);
      const streams = new Map<string, Map<string, number>>();
      for (const [stream, src, sport, len] of rows) {
        const m = streams.get(stream!) ?? new Map<string, number>();
        m.set(`${src}:${sport}`, (m.get(`${src}:${sport}`) ?? 0) + Number(len));
        streams.set(stream!, m);
      }
      assert.equal(s.tcp4051.length, streams.size);
      const theirs = [...streams.values()].map((m) => [...m.entries()].sort().map(([k, v]) => `${k}=${v}`).join(' ')).sort();
      const ours = s.tcp4051
        .map((c) =>
          [`${c.initiator}:${c.initiatorPort}=${c.bytesFromInitiator}`, `${c.acceptor}:${c.acceptorPort}=${c.bytesFromAcceptor}`].sort().join(' '),
        )
        .sort();
      assert.deepEqual(ours, theirs);

      // TFTP: requested names, and data bytes per client port.
      assert.deepEqual(
        tsharkFields(file, 'tftp.opcode == 1', ['tftp.source_file']).map(([f]) => f),
        s.tftp.map((t) => t.file),
      );
      const data = tsharkFields(file, 'tftp.opcode == 3', ['udp.dstport', 'udp.length']);
      for (const t of s.tftp) {
        const bytes = data.filter(([p]) => Number(p) === t.clientPort).reduce((n, [, l]) => n + Number(l) - 12, 0);
        assert.equal(bytes, t.bytes, t.file);
        assert.equal(t.status, 'complete');
      }
    });
  }
});
