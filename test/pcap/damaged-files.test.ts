// Files that are not captures fail with a CaptureError naming the file and what was
// expected; captures that are cut or corrupt return what was read plus where and why
// reading stopped, as tshark does.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CaptureBuilder } from '../support/capture-builder.ts';
import type { CaptureBuilderOptions } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { tsharkReadDamaged } from '../support/capture-tshark.ts';
import { CaptureError, readCapture } from '../../harness/evidence/pcap/index.ts';

const A = '10.106.117.68';
const B = '10.106.117.70';

describe('pcap reader: damaged and foreign files', function () {
  const tmp = captureTmpDir();
  after(() => tmp.remove());
  let n = 0;

  /** 10 UDP 4051 datagrams of 100 bytes (frames of 142 bytes), then whatever `more` writes. */
  async function tenDatagrams(opts: CaptureBuilderOptions = {}, more?: (b: CaptureBuilder) => void): Promise<string> {
    const file = tmp.file(`damaged-${n++}.${opts.format ?? 'pcap'}`);
    const b = await CaptureBuilder.create(file, opts);
    for (let i = 0; i < 10; i++) b.udp({ src: A, dst: B, sport: 4051, dport: 4051, payload: 100 });
    more?.(b);
    await b.close();
    return file;
  }

  async function rejects(file: string, pattern: RegExp, offset = 0): Promise<void> {
    await assert.rejects(readCapture(file), (e: unknown) => {
      assert.ok(e instanceof CaptureError, `not a CaptureError: ${String(e)}`);
      assert.equal(e.file, file);
      assert.equal(e.offset, offset);
      assert.ok(e.message.includes(file), e.message);
      assert.match(e.message, pattern);
      return true;
    });
  }

  it('rejects an empty file', async function () {
    const file = tmp.file('empty.pcap');
    writeFileSync(file, '');
    await rejects(file, /empty file: expected a pcap or pcapng file header/);
  });

  it('rejects a file with a foreign magic number, naming the magics it expected', async function () {
    const file = tmp.file('log.txt');
    writeFileSync(file, 'INF 12:00:00.000000 idl: +++ fd=7 Listening on peer TCP port 4051\n');
    await rejects(file, /is not a capture: expected pcap \(a1b2c3d4, a1b23c4d\) or pcapng \(0a0d0d0a\)/);
  });

  it('rejects a missing file and a directory as unreadable', async function () {
    await rejects(tmp.file('missing.pcap'), /cannot open: .*ENOENT/);
    const dir = tmp.file('a-directory.pcap');
    mkdirSync(dir);
    await rejects(dir, /is a directory: a capture is read from a regular file, a pipe, or stdin/);
  });

  it('a pcap cut inside its file header stops before the first frame', async function () {
    const file = await tenDatagrams();
    truncateSync(file, 10);
    const s = await readCapture(file);
    assert.deepEqual([s.frames, s.stoppedEarly], [0, { offset: 0, frame: 0, reason: 'pcap file header cut after 10 of 24 bytes' }]);
  });

  for (const format of ['pcap', 'pcapng'] as const) {
    const hdr = format === 'pcap' ? 24 : 28 + 20; // file header, or SHB + IDB
    const rec = format === 'pcap' ? 16 + 142 : 32 + 144; // one record
    it(`${format}: cut in the middle of a record keeps the frames before it (tshark agrees)`, async function () {
      const file = await tenDatagrams({ format });
      truncateSync(file, hdr + 7 * rec + 50);
      const s = await readCapture(file);
      assert.equal(s.frames, 7);
      assert.equal(s.udp4051[0]!.datagrams, 7);
      assert.equal(s.stoppedEarly?.offset, hdr + 7 * rec);
      assert.equal(s.stoppedEarly?.frame, 8);
      assert.match(s.stoppedEarly.reason, /file ends inside a record|runs past the end of the file/);
      const t = tsharkReadDamaged(file);
      assert.equal(t.frames, 7);
      assert.notEqual(t.status, 0);
    });

    it(`${format}: cut in the middle of a record header`, async function () {
      const file = await tenDatagrams({ format });
      truncateSync(file, hdr + 3 * rec + 5);
      const s = await readCapture(file);
      assert.equal(s.frames, 3);
      assert.deepEqual([s.stoppedEarly?.offset, s.stoppedEarly?.frame], [hdr + 3 * rec, 4]);
      assert.match(s.stoppedEarly!.reason, /header/);
    });
  }

  it('pcap: garbage with an impossible record length stops there, keeping what was read', async function () {
    const file = await tenDatagrams({}, (b) => {
      b.rawBytes(Buffer.from('this is not a record header, it is garbage in the middle of the file'));
      b.udp({ src: A, dst: B, sport: 4051, dport: 4051, payload: 100 });
    });
    const s = await readCapture(file);
    assert.equal(s.frames, 10);
    assert.equal(s.udp4051[0]!.datagrams, 10);
    assert.equal(s.stoppedEarly?.offset, 24 + 10 * 158);
    assert.equal(s.stoppedEarly?.frame, 11);
    assert.match(s.stoppedEarly.reason, /corrupt record header/);
    assert.equal(tsharkReadDamaged(file).frames, 10);
  });

  it('pcapng: a block whose trailing length disagrees stops there', async function () {
    const file = await tenDatagrams({ format: 'pcapng' });
    const bytes = readFileSync(file);
    const fifth = 48 + 4 * 176;
    bytes.writeUInt32LE(999, fifth + 176 - 4);
    writeFileSync(file, bytes);
    const s = await readCapture(file);
    assert.equal(s.frames, 4);
    assert.deepEqual([s.stoppedEarly?.offset, s.stoppedEarly?.frame], [fifth, 5]);
    assert.match(s.stoppedEarly!.reason, /trailing length 999 differs from leading length 176/);
  });

  it('pcapng: a block length running past the end of the file, or not a multiple of 4, stops there', async function () {
    for (const badLength of [0x7ffffff0, 13]) {
      const file = await tenDatagrams({ format: 'pcapng' });
      const bytes = readFileSync(file);
      bytes.writeUInt32LE(badLength, 48 + 2 * 176 + 4);
      writeFileSync(file, bytes);
      const s = await readCapture(file);
      assert.equal(s.frames, 2);
      assert.equal(s.stoppedEarly?.offset, 48 + 2 * 176);
    }
  });

  it('pcapng: a packet for an interface never described stops there', async function () {
    const file = await tenDatagrams({ format: 'pcapng' });
    const bytes = readFileSync(file);
    bytes.writeUInt32LE(3, 48 + 176 + 8);
    writeFileSync(file, bytes);
    const s = await readCapture(file);
    assert.equal(s.frames, 1);
    assert.match(s.stoppedEarly!.reason, /interface 3, but only 1 are described/);
  });

  // A block too big for the read window is counted from its header: that header is checked
  // like any other (found by fuzzing: a forged captured length counted 4 GB of frames).
  it('pcapng: a block too big for the window with a forged captured length stops there', async function () {
    const body = Buffer.alloc(2 * 1024 * 1024, 0x5a);
    body.writeUInt32LE(0, 0); // interface 0
    body.writeUInt32LE(0xffffff8e, 12); // captured length
    body.writeUInt32LE(60, 16); // original length
    const file = await tenDatagrams({ format: 'pcapng' }, (b) => b.pcapngBlock(6, body));
    const s = await readCapture(file);
    assert.equal(s.frames, 10);
    assert.ok(s.bytes <= statSync(file).size, `${s.bytes} frame bytes`);
    assert.match(s.stoppedEarly?.reason ?? '', /packet block of 2097164 bytes claims 4294967182 captured bytes/);
  });

  it('pcapng on a stream that ends inside a block too big for the window: no frame of it is counted', async function () {
    const file = await tenDatagrams({ format: 'pcapng' }, (b) => b.pcapngBlock(3, Buffer.alloc(4 * 1024 * 1024, 0x5a)));
    const cut = readFileSync(file).subarray(0, statSync(file).size - 1024 * 1024);
    const s = await readCapture('-', { stdin: Readable.from([cut]) });
    assert.equal(s.frames, 10);
    assert.ok(s.bytes <= cut.length, `${s.bytes} frame bytes from ${cut.length} input bytes`);
    assert.match(s.stoppedEarly?.reason ?? '', /input ends inside a block/);
  });

  it('pcapng: skips a block far larger than the read window without reading it', async function () {
    const file = await tenDatagrams({ format: 'pcapng' }, (b) => {
      b.pcapngBlock(0x80000002, Buffer.alloc(20 * 1024 * 1024, 0x5a));
      b.udp({ src: A, dst: B, sport: 4051, dport: 4051, payload: 100 });
    });
    assert.ok(statSync(file).size > 20 * 1024 * 1024);
    const s = await readCapture(file);
    assert.equal(s.stoppedEarly, undefined);
    assert.equal(s.frames, 11);
    assert.equal(s.udp4051[0]!.datagrams, 11);
  });
});
