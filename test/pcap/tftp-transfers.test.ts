// TFTP transfers: request options, OACK, distinct vs wire bytes, block-number rollover,
// windows, errors, writes, and tshark's view of the same files.
import assert from 'node:assert/strict';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkFields } from '../support/capture-tshark.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import type { CaptureSummary, TftpTransfer } from '../../harness/evidence/pcap/index.ts';

const SERVER = '10.1.0.10';
const PHONE = '10.106.117.68';

describe('pcap reader: TFTP transfers', function () {
  const tmp = captureTmpDir();
  after(() => tmp.remove());
  let n = 0;

  async function capture(write: (b: CaptureBuilder) => void): Promise<{ file: string; s: CaptureSummary; t: TftpTransfer }> {
    const file = tmp.file(`tftp-${n++}.pcap`);
    const b = await CaptureBuilder.create(file);
    write(b);
    await b.close();
    const s = await readCapture(file);
    return { file, s, t: s.tftp[0]! };
  }

  /** tshark's DATA payload bytes (UDP length minus UDP and TFTP headers), every DATA packet. */
  function tsharkDataBytes(file: string): number {
    return tsharkFields(file, 'tftp.opcode == 3', ['udp.length']).reduce((s, [l]) => s + Number(l) - 12, 0);
  }

  it('reads a 1428-byte-block read with options, OACK, times and frames', async function () {
    let r!: { firstFrame: number; lastFrame: number; end: number };
    const { file, t } = await capture((b) => {
      r = b.tftpRead({
        client: PHONE, cport: 50000, server: SERVER, stid: 61000, file: 'apps41.9-4-2ES26.sbn', size: 3_157_527,
        blksize: 1428, options: { tsize: '0', timeout: '2' }, start: 1_700_000_100, durationS: 30,
      });
    });
    assert.deepEqual(
      { ...t, durationMs: Math.round(t.durationMs), start: undefined, end: undefined, lastDataTime: undefined },
      {
        client: PHONE, clientPort: 50000, server: SERVER, serverPort: 69, serverTid: 61000, op: 'read',
        file: 'apps41.9-4-2ES26.sbn', mode: 'octet',
        requestedOptions: { blksize: '1428', tsize: '0', timeout: '2' },
        acceptedOptions: { blksize: '1428', tsize: '3157527', timeout: '2' },
        blockSize: 1428, bytes: 3_157_527, wireBytes: 3_157_527, blocks: Math.ceil(3_157_527 / 1428),
        durationMs: 30_000, status: 'complete', requestFrame: r.firstFrame, lastFrame: r.lastFrame,
        start: undefined, end: undefined, lastDataTime: undefined,
      },
    );
    assert.ok(Math.abs(t.start - 1_700_000_100) < 1e-6);
    assert.ok(t.lastDataTime! < t.end && t.lastDataTime! > t.start);
    assert.deepEqual(tsharkFields(file, 'tftp.opcode == 1', ['tftp.source_file']), [['apps41.9-4-2ES26.sbn']]);
    assert.equal(tsharkDataBytes(file), t.wireBytes);
  });

  it('handles the block number rolling over 65535 -> 0', async function () {
    const size = 65_540 * 8 + 5; // 65541 blocks of 8 bytes: blocks 65536.. go on as 0, 1, ...
    const { file, t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50001, server: SERVER, stid: 61001, file: 'rollover.bin', size, blksize: 8, retransmitEvery: 10_000 });
    });
    assert.equal(t.status, 'complete');
    assert.equal(t.blocks, 65_541);
    assert.equal(t.bytes, size);
    assert.equal(t.wireBytes, size + 6 * 8, 'six retransmitted blocks');
    assert.equal(tsharkDataBytes(file), t.wireBytes);
    // tshark unwraps block numbers too ("full" block number): its highest equals our block count.
    const full = tsharkFields(file, 'tftp.opcode == 3', ['tftp.block.full']).map(([b]) => Number(b));
    assert.equal(Math.max(...full), t.blocks);
  });

  it('counts retransmitted DATA on the wire but once in bytes (512-byte default blocks)', async function () {
    const { file, t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50002, server: SERVER, stid: 61002, file: 'jar41sccp.9-4-2ES26.sbn', size: 1_630_052, retransmitEvery: 3 });
    });
    assert.deepEqual([t.status, t.blockSize, t.bytes, t.blocks], ['complete', 512, 1_630_052, Math.ceil(1_630_052 / 512)]);
    assert.equal(t.wireBytes, 1_630_052 + Math.floor(t.blocks / 3) * 512);
    assert.deepEqual(t.acceptedOptions, {});
    assert.equal(tsharkDataBytes(file), t.wireBytes);
  });

  it('a file of whole blocks ends with an empty block', async function () {
    const { t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50003, server: SERVER, stid: 61003, file: 'x', size: 512 * 4 });
    });
    assert.deepEqual([t.status, t.bytes, t.blocks], ['complete', 2048, 5]);
  });

  it('reads windowsize transfers (RFC 7440)', async function () {
    const { t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50004, server: SERVER, stid: 61004, file: 'cvm41sccp.9-4-2ES26.sbn', size: 2_219_477, blksize: 1428, options: { windowsize: '8' } });
    });
    assert.deepEqual(t.acceptedOptions, { blksize: '1428', windowsize: '8' });
    assert.deepEqual([t.status, t.bytes], ['complete', 2_219_477]);
  });

  it('keeps requested options a server ignored, and falls back to 512-byte blocks', async function () {
    const { t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50005, server: SERVER, stid: 61005, file: 'y', size: 2000, blksize: 1428, options: { tsize: '0', windowsize: '4' }, acceptedOptions: {} });
    });
    assert.deepEqual(t.requestedOptions, { blksize: '1428', tsize: '0', windowsize: '4' });
    assert.deepEqual(t.acceptedOptions, {});
    assert.deepEqual([t.blockSize, t.status, t.bytes], [512, 'complete', 2000]);
  });

  it('reports a refused request with the ERROR code and message', async function () {
    const { file, t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50006, server: SERVER, stid: 61006, file: 'SEP000000000000.cnf.xml', size: 0, error: { code: 1, message: 'File not found' } });
    });
    assert.deepEqual([t.status, t.errorCode, t.errorMessage, t.bytes, t.serverTid], ['error', 1, 'File not found', 0, 61006]);
    assert.deepEqual(tsharkFields(file, 'tftp.opcode == 5', ['tftp.error.code', 'tftp.error.message']), [['1', 'File not found']]);
  });

  it('reports an error mid-transfer with the bytes delivered until then', async function () {
    const { t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50007, server: SERVER, stid: 61007, file: 'dsp41.9-4-2ES26.sbn', size: 562_693, stopAfterBytes: 100 * 512, error: { code: 0, message: 'Transfer cancelled', from: 'client' } });
    });
    assert.deepEqual([t.status, t.errorCode, t.errorMessage, t.bytes], ['error', 0, 'Transfer cancelled', 51_200]);
  });

  it('a transfer that just stops is incomplete', async function () {
    const { t } = await capture((b) => {
      b.tftpRead({ client: PHONE, cport: 50008, server: SERVER, stid: 61008, file: 'z', size: 100_000, stopAfterBytes: 10_240 });
    });
    assert.deepEqual([t.status, t.bytes, t.errorCode], ['incomplete', 10_240, undefined]);
  });

  it('reads a write (WRQ), data from the client, and a repeated request as one transfer', async function () {
    const { file, s } = await capture((b) => {
      b.udp({ src: PHONE, dst: SERVER, sport: 50009, dport: 69, payload: Buffer.from('\0\x02upload.log\0NETASCII\0') });
      b.tftpWrite({ client: PHONE, cport: 50009, server: SERVER, stid: 61009, file: 'upload.log', size: 1500, mode: 'NETASCII' });
    });
    assert.equal(s.tftp.length, 1);
    const t = s.tftp[0]!;
    assert.deepEqual([t.op, t.mode, t.file, t.bytes, t.status, t.requestFrame], ['write', 'netascii', 'upload.log', 1500, 'complete', 1]);
    assert.deepEqual(tsharkFields(file, 'tftp.opcode == 2', ['tftp.destination_file']), [['upload.log'], ['upload.log']]);
  });

  it('keeps concurrent transfers of different clients apart', async function () {
    const { s } = await capture((b) => {
      // Two phones, same server, interleaved by hand through the time model.
      b.tftpRead({ client: PHONE, cport: 50010, server: SERVER, stid: 61010, file: 'a', size: 10_000, start: 1_700_000_000, durationS: 1 });
      b.tftpRead({ client: '10.106.117.69', cport: 50010, server: SERVER, stid: 61011, file: 'b', size: 20_000, start: 1_700_000_000.5, durationS: 1 });
    });
    assert.deepEqual(
      s.tftp.map((t) => [t.client, t.file, t.bytes, t.status]),
      [
        [PHONE, 'a', 10_000, 'complete'],
        ['10.106.117.69', 'b', 20_000, 'complete'],
      ],
    );
  });
});
