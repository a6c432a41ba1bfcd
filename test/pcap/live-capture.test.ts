// A REAL capture: tcpdump on the loopback interface records kernel TCP and UDP traffic on
// port 4051 made by Node sockets; the reader must find exactly what was sent, and agree
// with tshark on the same file. Private 127.x addresses keep it apart from other traffic.
import assert from 'node:assert/strict';
import { createServer, connect } from 'node:net';
import type { Server } from 'node:net';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { startTcpdump } from '../support/capture-tcpdump.ts';
import type { LiveCapture } from '../support/capture-tcpdump.ts';
import { tsharkCount, tsharkFields } from '../support/capture-tshark.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';

const UPLOAD = 1024 * 1024;
const REPLY = 100_000;
const DATAGRAMS = [10, 200, 1000, 1400, 33];

describe('pcap reader: a real tcpdump capture on the loopback interface', function () {
  this.timeout(60_000);
  const tmp = captureTmpDir();
  const net = `127.77.${randomInt(1, 250)}`;
  const server = `${net}.1`;
  const client = `${net}.2`;
  let tcpdump: LiveCapture | undefined;
  let tcpServer: Server | undefined;
  const sockets: Socket[] = [];

  after(async () => {
    await tcpdump?.stop();
    await new Promise<void>((r) => (tcpServer ? tcpServer.close(() => r()) : r()));
    for (const s of sockets) {
      try {
        s.close();
      } catch {
        // not bound
      }
    }
    tmp.remove();
  });

  it('finds the 1 MiB TCP upload, the reply and the datagrams that were sent, as tshark does', async function () {
    const file = tmp.file('live.pcap');
    tcpdump = await startTcpdump(file, 'lo', `host ${server} and port 4051`);

    // TCP: the client uploads 1 MiB; once it has all of it the server replies and closes.
    let received = 0;
    tcpServer = createServer((sock) => {
      sock.on('data', (d: Buffer) => (received += d.length));
      sock.on('end', () => sock.end(Buffer.alloc(REPLY, 0x42)));
    });
    await new Promise<void>((resolve, reject) => {
      tcpServer!.once('error', reject);
      tcpServer!.listen(4051, server, () => resolve());
    });
    const replied = await new Promise<number>((resolve, reject) => {
      let got = 0;
      const sock = connect({ host: server, port: 4051, localAddress: client }, () => {
        sock.end(Buffer.alloc(UPLOAD, 0x41));
      });
      sock.on('data', (d: Buffer) => (got += d.length));
      sock.on('error', reject);
      sock.on('close', () => resolve(got));
    });
    assert.deepEqual([received, replied], [UPLOAD, REPLY]);

    // UDP: a few datagrams, each acknowledged by its arrival.
    const udpServer = createSocket({ type: 'udp4', reuseAddr: true });
    const udpClient = createSocket({ type: 'udp4' });
    sockets.push(udpServer, udpClient);
    await new Promise<void>((resolve, reject) => {
      udpServer.once('error', reject);
      udpServer.bind(4051, server, () => resolve());
    });
    await new Promise<void>((resolve) => udpClient.bind(0, client, () => resolve()));
    const arrived = new Promise<void>((resolve) => {
      let n = 0;
      udpServer.on('message', () => {
        if (++n === DATAGRAMS.length) resolve();
      });
    });
    for (const size of DATAGRAMS) udpClient.send(Buffer.alloc(size, 0x43), 4051, server);
    await arrived;
    await sleep(300); // let tcpdump write the last packets before it is told to stop
    assert.equal(await tcpdump.stop(), 0, 'tcpdump: packets dropped by the kernel (the capture would read as a cut transfer)');

    const s = await readCapture(file);
    assert.equal(s.stoppedEarly, undefined);
    assert.deepEqual(s.linkTypes, [1], 'Linux loopback captures as Ethernet');
    assert.equal(s.tcp4051.length, 1);
    const c = s.tcp4051[0]!;
    assert.deepEqual(
      [c.initiator, c.acceptor, c.acceptorPort, c.sawSyn, c.state, c.bytesFromInitiator, c.bytesFromAcceptor],
      [client, server, 4051, true, 'closed', UPLOAD, REPLY],
    );
    assert.ok(c.firstPayloadFromInitiator! <= c.lastPayloadFromInitiator! && c.lastPayloadFromInitiator! <= c.firstPayloadFromAcceptor!);
    assert.equal(s.udp4051.length, 1);
    const u = s.udp4051[0]!;
    assert.deepEqual([u.src, u.dst, u.dstPort, u.datagrams, u.bytes, u.broadcast], [client, server, 4051, DATAGRAMS.length, DATAGRAMS.reduce((a, b) => a + b), false]);

    // tshark on the same file.
    assert.equal(tsharkCount(file, ''), s.frames);
    assert.equal(tsharkCount(file, 'udp.port == 4051'), DATAGRAMS.length);
    const seg = tsharkFields(file, 'tcp.port == 4051 && !tcp.analysis.retransmission', ['tcp.dstport', 'tcp.len']);
    const toServer = seg.filter(([p]) => p === '4051').reduce((n, [, l]) => n + Number(l), 0);
    const toClient = seg.filter(([p]) => p !== '4051').reduce((n, [, l]) => n + Number(l), 0);
    assert.deepEqual([toServer, toClient], [c.bytesFromInitiator, c.bytesFromAcceptor]);
  });
});
