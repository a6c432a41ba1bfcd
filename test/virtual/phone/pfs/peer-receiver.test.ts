// The child's end of a TCP 4051 transfer (labs/virtual/phone/pfs/peer-receiver.ts) over real
// loopback TCP: header line and file straight into their buffers, in whatever pieces TCP
// delivers them, and the failures a parent can cause.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { crc32 } from 'node:zlib';
import { PeerReceiver } from '../../../../labs/virtual/phone/pfs/peer-receiver.ts';

const HOST = '127.77.0.31';

/** A parent that sends `parts` (with a pause between them, so they arrive as separate reads), then closes. */
async function parent(parts: Buffer[]): Promise<Server> {
  const server = createServer((s) => {
    s.on('error', () => {});
    void (async () => {
      for (const p of parts) {
        s.write(p);
        await new Promise((r) => setTimeout(r, 20));
      }
      s.end();
    })();
  });
  server.listen(0, HOST);
  await once(server, 'listening');
  return server;
}

function connect(server: Server, receiver: PeerReceiver): Socket {
  const socket = createConnection({ host: HOST, port: (server.address() as AddressInfo).port, onread: receiver.onread });
  socket.on('close', () => receiver.end());
  socket.on('error', () => receiver.end());
  return socket;
}

describe('virtual phones: receiving a file from a parent', () => {
  const file = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) & 0xff));
  const header = Buffer.from(`PPID/1 DATA size=${file.length} sha256=${'a'.repeat(64)}\n`, 'latin1');
  let servers: Server[] = [];
  afterEach(() => {
    for (const s of servers) s.close();
    servers = [];
  });

  it('gets header and file in any split: the file lands in the buffer it asked for, checked piece by piece', async () => {
    // The header split in two, the first bytes of the file in the same read as its end.
    const whole = Buffer.concat([header, file]);
    const server = await parent([whole.subarray(0, 10), whole.subarray(10, header.length + 5), whole.subarray(header.length + 5, 90_000), whole.subarray(90_000)]);
    servers.push(server);
    let target: Buffer | undefined;
    const receiver = new PeerReceiver((line) => (line.startsWith('PPID/1 DATA') ? (target = Buffer.alloc(file.length)) : undefined));
    connect(server, receiver);
    assert.equal(await receiver.line(), header.toString('latin1').trimEnd());
    const body = await receiver.body();
    assert.ok(body);
    assert.equal(body.buffer, target, 'the very buffer handed out');
    assert.deepEqual(body.buffer, file);
    assert.equal(body.crc32, crc32(file));
    assert.equal(body.size, file.length);
    assert.equal(receiver.bodyBytes, file.length);
  });

  /** A parent sending `pieces`, read by a receiver told to check the body only. */
  async function checkOnly(pieces: Buffer[]) {
    const server = await parent(pieces);
    servers.push(server);
    const receiver = new PeerReceiver(() => ({ check: file.length }));
    connect(server, receiver);
    await receiver.line();
    const body = await receiver.body();
    assert.ok(body);
    return body;
  }

  it('checks a body it is told not to keep: every byte counted and checked, nothing stored', async () => {
    const whole = Buffer.concat([header, file]);
    // The header line and the first bytes of the body in one read, then pieces of any size.
    const body = await checkOnly([whole.subarray(0, header.length + 7), whole.subarray(header.length + 7, 120_000), whole.subarray(120_000)]);
    assert.equal(body.buffer, undefined);
    assert.equal(body.size, file.length);
    assert.equal(body.crc32, crc32(file));
  });

  it('gives a damaged body a different checksum (the phone then rejects it)', async () => {
    const damaged = Buffer.from(file);
    damaged[77_777] = (damaged[77_777] ?? 0) ^ 0x01;
    const body = await checkOnly([header, damaged]);
    assert.notEqual(body.crc32, crc32(file));
  });

  it('reads a line that asks for no body (REDIRECT) and ignores what follows', async () => {
    const server = await parent([Buffer.from('PPID/1 REDIRECT to=10.20.1.5\ntrailing junk', 'latin1')]);
    servers.push(server);
    const receiver = new PeerReceiver(() => undefined);
    connect(server, receiver);
    assert.equal(await receiver.line(), 'PPID/1 REDIRECT to=10.20.1.5');
    await assert.rejects(receiver.body(), /no body/);
  });

  it('reports a parent lost mid-file with how much came', async () => {
    const server = await parent([header, file.subarray(0, 50_000)]);
    servers.push(server);
    const receiver = new PeerReceiver(() => Buffer.alloc(file.length));
    connect(server, receiver);
    await receiver.line();
    assert.equal(await receiver.body(), undefined);
    assert.equal(receiver.bodyBytes, 50_000);
  });

  it('refuses a header line longer than the protocol allows', async () => {
    const server = await parent([Buffer.from(`PPID/1 DATA ${'x'.repeat(400)}\n`, 'latin1')]);
    servers.push(server);
    const receiver = new PeerReceiver(() => undefined);
    connect(server, receiver);
    await assert.rejects(receiver.line(), /header line longer than 256 bytes/);
  });

  it('keeps only the file when a parent sends more than it announced', async () => {
    const server = await parent([header, file, Buffer.alloc(100_000, 0xee)]);
    servers.push(server);
    const receiver = new PeerReceiver(() => Buffer.alloc(file.length));
    connect(server, receiver);
    await receiver.line();
    const body = await receiver.body();
    assert.ok(body);
    assert.deepEqual(body.buffer, file);
    assert.equal(body.crc32, crc32(file));
  });
});
