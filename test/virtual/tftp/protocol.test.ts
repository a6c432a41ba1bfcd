// The TFTP server against a raw-socket client: the protocol cases real clients cannot be
// made to produce (duplicate and withheld ACKs, strangers' packets, out-of-range options).
import assert from 'node:assert/strict';
import { encodeAck, encodeRequest } from '../../../labs/virtual/tftp/packets.ts';
import { toNetascii } from '../../../labs/virtual/tftp/netascii.ts';
import type { Received } from './support/raw-client.ts';
import { RawTftpClient } from './support/raw-client.ts';
import { download } from './support/download.ts';
import type { Fixture } from './support/fixture.ts';
import { APPS, CONFIG_NAME, CONFIG_TEXT, ROLLOVER, SMALL, startFixture } from './support/fixture.ts';

function data(r: Received): { block: number; payload: Buffer } {
  assert.equal(r.packet.op, 'data', `expected DATA, got ${JSON.stringify(r.packet)}`);
  return r.packet.op === 'data' ? r.packet : { block: -1, payload: Buffer.alloc(0) };
}

function error(r: Received): { code: number; message: string } {
  assert.equal(r.packet.op, 'error', `expected ERROR, got ${JSON.stringify(r.packet)}`);
  return r.packet.op === 'error' ? r.packet : { code: -1, message: '' };
}

describe('TFTP server protocol (raw client)', function () {
  let fx: Fixture;
  let client: RawTftpClient;
  const clients: RawTftpClient[] = [];
  const open = async (bind?: string) => {
    const c = await RawTftpClient.open(bind);
    clients.push(c);
    return c;
  };
  const bytes = (name: string, offset: number, length: number) => fx.firmware.read(name, offset, length);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await fx.server.close();
  });

  describe('option negotiation', () => {
    beforeEach(async () => {
      fx = await startFixture({ timeoutMs: 30_000 });
      client = await open();
    });

    it('answers from a new port with an OACK holding exactly the known options, tsize the real size', async () => {
      await client.rrq(fx.port, APPS.name, [
        ['blksize', '1428'],
        ['tsize', '0'],
        ['timeout', '3'],
        ['windowsize', '8'],
        ['x-vendor', 'yes'],
      ]);
      const first = await client.next();
      assert.notEqual(first.from.port, fx.port, 'a transfer runs on its own port (TID)');
      assert.deepEqual(first.packet, {
        op: 'oack',
        options: [
          ['blksize', '1428'],
          ['tsize', String(APPS.size)],
          ['timeout', '3'],
          ['windowsize', '8'],
        ],
      });
      const [record] = fx.server.transfers();
      assert.deepEqual(record?.optionsRequested, { blksize: '1428', tsize: '0', timeout: '3', windowsize: '8', 'x-vendor': 'yes' });
      assert.deepEqual(record?.optionsGranted, { blksize: '1428', tsize: String(APPS.size), timeout: '3', windowsize: '8' });
      assert.equal(record?.timeoutMs, 3000);
      assert.equal(record?.serverPort, first.from.port);
    });

    it('sends a window of windowsize blocks, then waits; after an ACK inside the window resumes after it (RFC 7440)', async () => {
      await client.rrq(fx.port, APPS.name, [
        ['blksize', '1428'],
        ['windowsize', '8'],
      ]);
      const oack = await client.next();
      await client.ack(oack.from.port, 0);
      for (let block = 1; block <= 8; block++) {
        const d = data(await client.next());
        assert.equal(d.block, block);
        assert.deepEqual(d.payload, bytes(APPS.name, (block - 1) * 1428, 1428));
      }
      // "Lost" blocks 5..8: ACK 4. Had the server sent block 9 without an ACK, it would come next.
      await client.ack(oack.from.port, 4);
      for (let block = 5; block <= 12; block++) assert.equal(data(await client.next()).block, block);
      const record = fx.server.transfers()[0];
      assert.equal(record?.windowSize, 8);
      assert.equal(record?.retransmits, 4, 'blocks 5..8 went out twice');
      assert.equal(record?.blocks, 12);
    });

    it('starts with DATA 1 when no option is known (RFC 1350), at 512 bytes a block', async () => {
      await client.rrq(fx.port, SMALL.name, [['multicast', '']]);
      const d = data(await client.next());
      assert.equal(d.block, 1);
      assert.deepEqual(d.payload, bytes(SMALL.name, 0, 512));
      assert.deepEqual(fx.server.transfers()[0]?.optionsGranted, {});
    });

    it('caps blksize at RFC 2348 maximum', async () => {
      await client.rrq(fx.port, APPS.name, [['blksize', '99999']]);
      const first = await client.next();
      assert.deepEqual(first.packet, { op: 'oack', options: [['blksize', '65464']] });
      await client.ack(first.from.port, 0);
      assert.equal(data(await client.next()).payload.length, 65464);
    });

    for (const [label, options] of [
      ['blksize below 8', [['blksize', '7']]],
      ['timeout 0', [['timeout', '0']]],
      ['windowsize 0', [['windowsize', '0']]],
      ['an option given twice', [['blksize', '1024'], ['BLKSIZE', '1428']]],
    ] as [string, [string, string][]][]) {
      it(`ends the request with error 8 for ${label}, and logs it`, async () => {
        await client.rrq(fx.port, APPS.name, options);
        const e = error(await client.next());
        assert.equal(e.code, 8);
        const record = await fx.ended(() => true);
        assert.equal(record.outcome, 'option-error');
        assert.deepEqual(record.error, { code: 8, message: e.message, from: 'server' });
      });
    }

    it('ends the transfer when the client declines the OACK with error 8', async () => {
      await client.rrq(fx.port, APPS.name, [['blksize', '1428']]);
      const oack = await client.next();
      await client.send(Buffer.from([0, 5, 0, 8, 0x6e, 0x6f, 0]), oack.from.port);
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'client-error');
      assert.deepEqual(record.error, { code: 8, message: 'no', from: 'client' });
    });
  });

  describe('requests', () => {
    beforeEach(async () => {
      fx = await startFixture({ timeoutMs: 30_000 });
      client = await open();
    });

    it('answers a missing file with error 1 and logs it', async () => {
      await client.rrq(fx.port, 'SEPFFFFFFFFFFFF.cnf.xml');
      const e = error(await client.next());
      assert.equal(e.code, 1);
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'file-not-found');
      assert.equal(record.file, 'SEPFFFFFFFFFFFF.cnf.xml');
      assert.equal(record.client, `127.0.0.1:${client.port}`);
    });

    it('refuses a WRQ with error 2 "Access violation" when the store takes no uploads', async () => {
      await client.send(encodeRequest('wrq', 'evil.sbn', 'octet'), fx.port);
      const e = error(await client.next());
      assert.deepEqual(e, { op: 'error', code: 2, message: 'Access violation' });
      assert.equal((await fx.ended(() => true)).outcome, 'access-violation');
    });

    it('refuses mail mode, a malformed request, and a DATA to the request port with error 4', async () => {
      await client.rrq(fx.port, SMALL.name, [], 'mail');
      assert.equal(error(await client.next()).code, 4);
      await client.send(Buffer.from([0, 1, 0x61, 0]), fx.port);
      assert.equal(error(await client.next()).code, 4);
      await client.send(encodeAck(1), fx.port);
      assert.equal(error(await client.next()).code, 4);
      const outcomes = fx.server.transfers().map((r) => r.outcome);
      assert.deepEqual(outcomes, ['bad-request', 'bad-request']);
    });

    it('serves netascii converted (LF -> CR LF, CR -> CR NUL), with tsize the converted size', async () => {
      await client.rrq(fx.port, CONFIG_NAME, [['tsize', '0']], 'netascii');
      const oack = await client.next();
      const wire = toNetascii(Buffer.from(CONFIG_TEXT));
      assert.deepEqual(oack.packet, { op: 'oack', options: [['tsize', String(wire.length)]] });
      await client.ack(oack.from.port, 0);
      assert.deepEqual(data(await client.next()).payload, wire);
    });

    it('keeps serving the content a transfer started with when CUCM replaces the file', async () => {
      await client.rrq(fx.port, CONFIG_NAME, [['blksize', '16']]);
      const oack = await client.next();
      await client.ack(oack.from.port, 0);
      const first = data(await client.next());
      fx.memory.put(CONFIG_NAME, 'X'.repeat(CONFIG_TEXT.length));
      await client.ack(oack.from.port, 1);
      const second = data(await client.next());
      assert.equal(Buffer.concat([first.payload, second.payload]).toString(), CONFIG_TEXT.slice(0, 32));
    });

    it('ignores the same RRQ resent from the same port while its transfer runs', async () => {
      const rrq = encodeRequest('rrq', SMALL.name, 'octet');
      await client.send(rrq, fx.port);
      await client.send(rrq, fx.port);
      const d1 = await client.next();
      assert.equal(data(d1).block, 1);
      await client.ack(d1.from.port, 1);
      const d2 = await client.next();
      assert.equal(d2.from.port, d1.from.port);
      assert.equal(data(d2).block, 2, 'a second transfer would have sent its own DATA 1 here');
      assert.equal(fx.server.transfers().length, 1);
      assert.equal(fx.server.transfers()[0]?.duplicateRequests, 1);
    });

    it('answers a packet from an unknown TID with error 5 and carries on with the transfer', async () => {
      await client.rrq(fx.port, SMALL.name);
      const d1 = await client.next();
      const tid = d1.from.port;
      const stranger = await open();
      await stranger.ack(tid, 1);
      const e = error(await stranger.next());
      assert.equal(e.code, 5);
      // The server answered the stranger from the same handler that would have moved on.
      const during = fx.server.transfers()[0];
      assert.equal(during?.bytesAcknowledged, 0, 'the stranger\'s ACK did not count');
      assert.equal(during?.blocks, 1, 'and did not bring DATA 2');
      await client.ack(tid, 1);
      assert.equal(data(await client.next()).block, 2);
      await client.ack(tid, 2);
      assert.equal(data(await client.next()).block, 3);
      await client.ack(tid, 3);
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'complete');
      assert.equal(record.strayPackets, 1);
    });
  });

  describe('acknowledgements and retransmission', () => {
    it('sends each block once however often its predecessor is acknowledged (no Sorcerer\'s Apprentice)', async () => {
      fx = await startFixture({ timeoutMs: 30_000 });
      client = await open();
      await client.rrq(fx.port, SMALL.name);
      const d1 = await client.next();
      const tid = d1.from.port;
      await client.ack(tid, 1);
      await client.ack(tid, 1);
      await client.ack(tid, 1);
      assert.equal(data(await client.next()).block, 2);
      await client.ack(tid, 2);
      // UDP on loopback keeps order: a DATA 2 sent for a duplicate ACK would arrive before DATA 3.
      const third = data(await client.next());
      assert.equal(third.block, 3);
      assert.deepEqual(third.payload, bytes(SMALL.name, 1024, 100));
      await client.ack(tid, 3);
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'complete');
      assert.equal(record.duplicates, 2);
      assert.equal(record.retransmits, 0);
      assert.equal(record.packetsSent, 3);
      assert.equal(record.bytesSent, SMALL.size);
    });

    it('ignores a duplicate of the previous window\'s ACK in windowed mode', async () => {
      fx = await startFixture({ timeoutMs: 30_000 });
      client = await open();
      await client.rrq(fx.port, APPS.name, [['windowsize', '4']]);
      const oack = await client.next();
      const tid = oack.from.port;
      await client.ack(tid, 0);
      for (let b = 1; b <= 4; b++) assert.equal(data(await client.next()).block, b);
      await client.ack(tid, 4);
      await client.ack(tid, 4);
      for (let b = 5; b <= 8; b++) assert.equal(data(await client.next()).block, b);
      await client.ack(tid, 8);
      assert.equal(data(await client.next()).block, 9, 'blocks 5..8 were not sent again');
      assert.equal(fx.server.transfers()[0]?.duplicates, 1);
    });

    it('retransmits a block whose ACK does not come, then goes on when it does', async () => {
      fx = await startFixture({ timeoutMs: 100 });
      client = await open();
      await client.rrq(fx.port, SMALL.name);
      const first = data(await client.next());
      const again = await client.next();
      assert.deepEqual(data(again), first, 'the same DATA 1, sent again after the timeout');
      await client.ack(again.from.port, 1);
      let block = data(await client.next()).block;
      while (block === 1) block = data(await client.next()).block; // more copies may have been in flight
      assert.equal(block, 2);
      const record = fx.server.transfers()[0];
      assert.ok((record?.retransmits ?? 0) >= 1);
      assert.ok((record?.timeouts ?? 0) >= 1);
    });

    it('resends the OACK when its ACK 0 does not come', async () => {
      fx = await startFixture({ timeoutMs: 100 });
      client = await open();
      await client.rrq(fx.port, SMALL.name, [['blksize', '1024']]);
      const first = await client.next();
      const second = await client.next();
      assert.deepEqual(second.packet, first.packet);
      assert.equal(second.packet.op, 'oack');
    });

    it('gives up after its retries and logs a timeout', async () => {
      fx = await startFixture({ timeoutMs: 50, retries: 2 });
      client = await open();
      await client.rrq(fx.port, SMALL.name);
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'timeout');
      assert.equal(record.retransmits, 2);
      assert.equal(record.timeouts, 3);
      for (let i = 0; i < 3; i++) assert.equal(data(await client.next()).block, 1);
    });
  });

  describe('block number rollover', function () {
    this.timeout(120_000);

    it('rolls the block number over from 65535 to 0 in lock-step (blksize 8)', async () => {
      fx = await startFixture({ timeoutMs: 2000 });
      const got = await download({ port: fx.port, file: ROLLOVER.name, options: [['blksize', '8']] });
      assert.equal(got.sha256, fx.firmware.checksum(ROLLOVER.name));
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'complete');
      assert.equal(record.blocks, Math.floor(ROLLOVER.size / 8) + 1);
      assert.ok(record.blocks > 65535);
    });

    it('rolls over inside a window (blksize 8, windowsize 7: windows straddle 65535 -> 0)', async () => {
      fx = await startFixture({ timeoutMs: 2000 });
      const got = await download({ port: fx.port, file: ROLLOVER.name, options: [['blksize', '8'], ['windowsize', '7']] });
      assert.equal(got.sha256, fx.firmware.checksum(ROLLOVER.name));
      assert.equal((await fx.ended(() => true)).outcome, 'complete');
    });

    it('sends wire block 0 after 65535, and takes an ACK 0 there as progress', async () => {
      fx = await startFixture({ timeoutMs: 30_000 });
      client = await open();
      await client.rrq(fx.port, ROLLOVER.name, [['blksize', '8'], ['windowsize', '64']]);
      const oack = await client.next();
      const tid = oack.from.port;
      await client.ack(tid, 0);
      const lastBlock = Math.floor(ROLLOVER.size / 8) + 1;
      const seen: number[] = [];
      for (let abs = 1; abs <= lastBlock; abs++) {
        const d = data(await client.next());
        if (abs >= 65_534 && abs <= 65_538) seen.push(d.block);
        assert.deepEqual(d.payload, bytes(ROLLOVER.name, (abs - 1) * 8, 8), `block ${abs}`);
        // ACK every window; 65536 is a window end, so its ACK carries wire number 0.
        if (abs % 64 === 0) await client.ack(tid, abs & 0xffff);
      }
      assert.deepEqual(seen, [65534, 65535, 0, 1, 2]);
      await client.ack(tid, lastBlock & 0xffff);
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'complete');
      assert.equal(record.bytesAcknowledged, ROLLOVER.size);
      assert.equal(record.retransmits, 0);
    });
  });
});
