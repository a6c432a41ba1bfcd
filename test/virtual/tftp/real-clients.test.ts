// The TFTP server against Debian's own clients, tftp-hpa and atftp: what a person (or a
// driver shelling out) would do in the lab. Missing clients fail the suite: the setup
// script installs them.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { download } from './support/download.ts';
import type { Fixture } from './support/fixture.ts';
import { APPS, CONFIG_NAME, CONFIG_TEXT, SCCP41_FILES, startFixture } from './support/fixture.ts';
import { requireTool, runTool } from './support/tools.ts';

const TFTP_HPA = '/usr/bin/tftp';
const ATFTP = '/usr/bin/atftp';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('TFTP server with Debian clients', function () {
  this.timeout(120_000);
  let fx: Fixture;
  let dir: string;

  before(() => {
    requireTool(TFTP_HPA, 'tftp-hpa');
    requireTool(ATFTP, 'atftp');
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pfslab-tftp-'));
  });
  afterEach(async () => {
    await fx.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** tftp-hpa: `tftp [-m mode] host port -c get|put ...` (see man tftp). */
  const hpa = (mode: string, ...command: string[]) => runTool(TFTP_HPA, ['-m', mode, '127.0.0.1', String(fx.port), '-c', ...command], dir);
  const atftp = (...args: string[]) => runTool(ATFTP, [...args, '127.0.0.1', String(fx.port)], dir);

  describe('downloads', () => {
    beforeEach(async () => {
      fx = await startFixture();
    });

    it('tftp-hpa downloads a multi-MB firmware file in binary mode, byte for byte, and the log shows it', async () => {
      const r = await hpa('binary', 'get', APPS.name, 'apps.sbn');
      assert.equal(r.code, 0, r.output);
      const got = await readFile(join(dir, 'apps.sbn'));
      assert.equal(got.length, APPS.size);
      assert.equal(sha256(got), fx.firmware.checksum(APPS.name));
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'complete');
      assert.equal(record.kind, 'read');
      assert.equal(record.file, APPS.name);
      assert.equal(record.mode, 'octet');
      assert.equal(record.clientAddress, '127.0.0.1');
      assert.equal(record.blockSize, 512);
      assert.equal(record.bytesAcknowledged, APPS.size);
      assert.equal(record.blocks, Math.floor(APPS.size / 512) + 1);
      assert.ok(record.endedAt && record.endedAt >= record.startedAt);
      assert.equal(fx.server.bytesByClient().get('127.0.0.1'), record.bytesSent);
    });

    it('atftp downloads it with blksize 1428, tsize and windowsize 8, as negotiated', async () => {
      const r = await atftp('--get', '-r', APPS.name, '-l', 'apps.sbn', '--option', 'blksize 1428', '--option', 'tsize 0', '--option', 'windowsize 8');
      assert.equal(r.code, 0, r.output);
      assert.equal(sha256(await readFile(join(dir, 'apps.sbn'))), fx.firmware.checksum(APPS.name));
      const record = await fx.ended(() => true);
      assert.equal(record.outcome, 'complete');
      assert.deepEqual(record.optionsGranted, { tsize: String(APPS.size), blksize: '1428', windowsize: '8' });
      assert.equal(record.blocks, Math.floor(APPS.size / 1428) + 1);
      assert.equal(record.bytesAcknowledged, APPS.size);
    });

    it('the in-process download client gets what the real clients get', async () => {
      const file = SCCP41_FILES[0];
      const r = await atftp('--get', '-r', file.name, '-l', 'jar.sbn', '--option', 'blksize 1428');
      assert.equal(r.code, 0, r.output);
      const ours = await download({ port: fx.port, file: file.name, options: [['windowsize', '4']] });
      assert.deepEqual(ours.content, await readFile(join(dir, 'jar.sbn')));
    });

    it('tftp-hpa in ascii mode gets the config file back as it was (netascii both ways)', async () => {
      const r = await hpa('ascii', 'get', CONFIG_NAME, 'cnf.xml');
      assert.equal(r.code, 0, r.output);
      assert.equal(await readFile(join(dir, 'cnf.xml'), 'latin1'), CONFIG_TEXT);
      assert.equal((await fx.ended(() => true)).mode, 'netascii');
    });

    it('a missing file: both clients report error 1, and the log records each request', async () => {
      const a = await hpa('binary', 'get', 'SEP0000DEADBEEF.cnf.xml', 'x');
      assert.match(a.output, /Error code 1: File not found/);
      const b = await atftp('--get', '-r', 'SEP0000DEADBEEF.cnf.xml', '-l', 'y');
      assert.notEqual(b.code, 0);
      assert.match(b.output, /File not found/);
      const records = fx.server.transfers();
      assert.deepEqual(
        records.map((r) => [r.file, r.outcome, r.error?.code]),
        [
          ['SEP0000DEADBEEF.cnf.xml', 'file-not-found', 1],
          ['SEP0000DEADBEEF.cnf.xml', 'file-not-found', 1],
        ],
      );
    });

    it('an upload to the read-only server: both clients are refused with "Access violation"', async () => {
      await writeFile(join(dir, 'up.bin'), 'payload');
      const a = await hpa('binary', 'put', 'up.bin');
      assert.match(a.output, /Error code 2: Access violation/);
      const b = await atftp('--put', '-l', 'up.bin', '-r', 'up.bin');
      assert.notEqual(b.code, 0);
      assert.match(b.output, /Access violation/);
      assert.deepEqual(
        fx.server.transfers().map((r) => [r.kind, r.outcome]),
        [
          ['write', 'access-violation'],
          ['write', 'access-violation'],
        ],
      );
      assert.equal(fx.memory.get('up.bin'), undefined);
    });
  });

  describe('uploads to a writable store', () => {
    beforeEach(async () => {
      fx = await startFixture({ writable: true });
    });

    it('tftp-hpa puts a binary file, atftp one with blksize and windowsize; both stored exactly', async () => {
      const content = randomBytes(200_000);
      await writeFile(join(dir, 'up.bin'), content);
      const a = await hpa('binary', 'put', 'up.bin', 'hpa.bin');
      assert.equal(a.code, 0, a.output);
      const b = await atftp('--put', '-l', 'up.bin', '-r', 'atftp.bin', '--option', 'blksize 1000', '--option', 'windowsize 4');
      assert.equal(b.code, 0, b.output);
      await fx.ended((r) => r.file === 'atftp.bin');
      assert.deepEqual(fx.memory.get('hpa.bin'), content);
      assert.deepEqual(fx.memory.get('atftp.bin'), content);
      const records = fx.server.transfers();
      assert.deepEqual(
        records.map((r) => [r.file, r.outcome, r.size, r.windowSize]),
        [
          ['hpa.bin', 'complete', 200_000, 1],
          ['atftp.bin', 'complete', 200_000, 4],
        ],
      );
    });

    it('tftp-hpa puts a text file in ascii mode and it is stored with Unix line ends', async () => {
      await writeFile(join(dir, 'notes.txt'), 'one\ntwo\rthree\n');
      const r = await hpa('ascii', 'put', 'notes.txt');
      assert.equal(r.code, 0, r.output);
      await fx.ended(() => true);
      assert.equal(fx.memory.get('notes.txt')?.toString('latin1'), 'one\ntwo\rthree\n');
    });
  });
});
