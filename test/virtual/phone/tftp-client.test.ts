// drivers/tftp's client against the virtual lab's TFTP server (options, windows, block
// number roll-over, errors) and against a scripted server that loses a packet.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:dgram';
import { TftpError, tftpGet } from '../../../drivers/tftp/index.ts';
import type { TftpServer } from '../../../labs/virtual/tftp/index.ts';
import { CompositeStore, FirmwareStore, MemoryStore, startTftpServer } from '../../../labs/virtual/tftp/index.ts';

const SERVER = '127.77.0.21';

describe('drivers/tftp client', function () {
  this.timeout(60_000);
  let server: TftpServer;
  let port: number;
  const firmware = new FirmwareStore([
    { name: 'apps41.9-4-2ES26.sbn', size: 197_345 },
    { name: 'exact.bin', size: 1428 * 3 },
    { name: 'rollover.bin', size: 65_540 * 8 + 5 },
  ]);
  const memory = new MemoryStore();
  memory.put('SEP0250F5A10015.cnf.xml', '<device><loadInformation>SCCP41.9-4-2SR2-2S</loadInformation></device>\n');

  before(async () => {
    server = await startTftpServer({ address: SERVER, port: 0, store: new CompositeStore([memory, firmware]) });
    port = server.address().port;
  });
  after(() => server.close());

  it('reads a small file without options (512-byte blocks, lock-step)', async () => {
    const r = await tftpGet({ server: SERVER, port, file: 'SEP0250F5A10015.cnf.xml' });
    assert.equal(r.content.toString(), memory.get('SEP0250F5A10015.cnf.xml')?.toString());
    assert.equal(r.blockSize, 512);
    assert.equal(r.announcedSize, undefined);
  });

  it('negotiates blksize and tsize and gets the exact content', async () => {
    const seen: number[] = [];
    const r = await tftpGet({ server: SERVER, port, file: 'apps41.9-4-2ES26.sbn', blockSize: 1428, onData: (_c, n) => seen.push(n) });
    assert.equal(r.blockSize, 1428);
    assert.equal(r.announcedSize, 197_345);
    assert.ok(r.content.equals(firmware.content('apps41.9-4-2ES26.sbn') ?? Buffer.alloc(0)));
    assert.equal(seen.at(-1), 197_345);
  });

  it('ends a file that is a whole number of blocks with an empty block', async () => {
    const r = await tftpGet({ server: SERVER, port, file: 'exact.bin', blockSize: 1428 });
    assert.equal(r.content.length, 1428 * 3);
  });

  it('reads with a window, across the block-number roll-over', async () => {
    const r = await tftpGet({ server: SERVER, port, file: 'rollover.bin', blockSize: 8, windowSize: 64 });
    assert.equal(r.windowSize, 64);
    assert.ok(r.content.equals(firmware.content('rollover.bin') ?? Buffer.alloc(0)));
  });

  it('binds the local address it is given (a phone sends from its own address)', async () => {
    const before = server.bytesByClient().get('127.77.1.99') ?? 0;
    await tftpGet({ server: SERVER, port, file: 'exact.bin', localAddress: '127.77.1.99' });
    assert.equal((server.bytesByClient().get('127.77.1.99') ?? 0) - before, 1428 * 3);
  });

  it('reports a missing file with the server error, naming server and file', async () => {
    const err = await tftpGet({ server: SERVER, port, file: 'nope.sbn' }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TftpError);
    assert.equal(err.code, 1);
    assert.match(err.message, new RegExp(`^TFTP ${SERVER}:${port}: nope\\.sbn: server error 1`));
  });

  it('gives up after its retries when nobody answers', async () => {
    const err = await tftpGet({ server: '127.77.0.22', port: 6969, file: 'x', timeoutMs: 50, retries: 2 }).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TftpError);
    assert.match(err.message, /timed out: no answer to the request, 2 retransmissions of 50 ms/);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const p = tftpGet({ server: '127.77.0.22', port: 6969, file: 'x', timeoutMs: 5000, signal: ac.signal });
    ac.abort();
    await assert.rejects(p, /aborted/);
  });

  it('tells the server when it aborts mid-transfer, so the server stops at once', async () => {
    const ac = new AbortController();
    const ended = new Promise<{ from?: string; code?: number }>((resolve) =>
      server.once('transfer-end', (r) => resolve({ from: r.error?.from, code: r.error?.code })),
    );
    const p = tftpGet({ server: SERVER, port, file: 'rollover.bin', signal: ac.signal, onData: () => ac.abort() });
    await assert.rejects(p, /aborted/);
    const end = await ended;
    assert.deepEqual(end, { from: 'client', code: 0 }, 'the server logs the client\'s ERROR packet as what ended it');
  });

  it('recovers from a lost DATA packet by repeating its ACK', async () => {
    const fake = await lossyServer();
    try {
      const r = await tftpGet({ server: '127.77.0.23', port: fake.port, file: 'f', timeoutMs: 100 });
      assert.equal(r.content.length, 600);
      assert.ok(r.retransmissions >= 1);
      assert.ok(fake.acks.filter((a) => a === 1).length >= 2, `ACK 1 repeated: ${fake.acks.join(',')}`);
    } finally {
      fake.socket.close();
    }
  });

  it('acknowledges the last block it has when the tail of a window is lost, and the server goes on from there', async () => {
    const fake = await windowTailLossServer();
    try {
      const r = await tftpGet({ server: '127.77.0.24', port: fake.port, file: 'f', windowSize: 4, timeoutMs: 100 });
      assert.equal(r.content.length, 4 * 512 + 10);
      assert.equal(r.windowSize, 4);
      // ACK 3 is inside the window 1..4: a server resends block 4 on it (repeating ACK 0
      // would be a duplicate, and a real server would wait for its own timeout).
      assert.deepEqual(fake.acks.slice(0, 2), [0, 3], `ACKs seen: ${fake.acks.join(',')}`);
      assert.equal(r.retransmissions, 1);
    } finally {
      fake.socket.close();
    }
  });

  it('takes windows of 16 blocks of 8 KiB without losing their tails', async () => {
    const r = await tftpGet({ server: SERVER, port, file: 'apps41.9-4-2ES26.sbn', blockSize: 8192, windowSize: 16 });
    assert.equal(r.content.length, 197_345);
    assert.deepEqual(r.content, firmware.content('apps41.9-4-2ES26.sbn'));
    // 16 x 8 KiB in one burst overflow the kernel's default receive buffer; the client asks
    // for a larger one, which the kernel grants up to net.core.rmem_max.
    const rmemMax = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8'));
    if (rmemMax >= 2 * 16 * (8192 + 4 + 1024)) assert.equal(r.retransmissions, 0, 'no window lost its tail');
  });
});

/** Grants windowsize 4 and serves 4 x 512 + 10 bytes; block 4 of the first window "gets lost". */
async function windowTailLossServer(): Promise<{ socket: Socket; port: number; acks: number[] }> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.77.0.24', r));
  const acks: number[] = [];
  const data = (block: number) => {
    const b = Buffer.alloc(4 + (block === 5 ? 10 : 512), 0x41 + block);
    b.writeUInt16BE(3, 0);
    b.writeUInt16BE(block, 2);
    return b;
  };
  socket.on('message', (msg, r) => {
    const op = msg.readUInt16BE(0);
    if (op === 1) socket.send(Buffer.concat([Buffer.from([0, 6]), Buffer.from('windowsize\x004\x00', 'latin1')]), r.port, r.address);
    if (op !== 4) return;
    const block = msg.readUInt16BE(2);
    acks.push(block);
    const from = block + 1;
    for (let b = from; b <= Math.min(5, from + 3); b++) if (!(block === 0 && b === 4)) socket.send(data(b), r.port, r.address);
  });
  return { socket, port: socket.address().port, acks };
}

/** Serves one 600-byte file in two blocks; the first DATA 2 "gets lost". */
async function lossyServer(): Promise<{ socket: Socket; port: number; acks: number[] }> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.77.0.23', r));
  const acks: number[] = [];
  let dropped = false;
  const data = (block: number, len: number) => {
    const b = Buffer.alloc(4 + len, 0x41);
    b.writeUInt16BE(3, 0);
    b.writeUInt16BE(block, 2);
    return b;
  };
  socket.on('message', (msg, r) => {
    const op = msg.readUInt16BE(0);
    if (op === 1) socket.send(data(1, 512), r.port, r.address);
    if (op !== 4) return;
    const block = msg.readUInt16BE(2);
    acks.push(block);
    if (block === 1 && !dropped) dropped = true;
    else if (block === 1) socket.send(data(2, 88), r.port, r.address);
  });
  return { socket, port: socket.address().port, acks };
}
