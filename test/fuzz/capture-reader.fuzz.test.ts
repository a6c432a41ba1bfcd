// Property-based fuzzing of the capture reader (fast-check): random bytes and mutations of
// real captures (flipped, cut, inserted, repeated bytes; forged lengths) either read with
// what came before the damage, or are refused with a CaptureError; never another error.
// What the reader keeps is bounded by what it read (no flow without a frame), and a
// capture far larger than memory would allow streams through a child in flat memory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { CaptureError, readCapture } from '../../harness/evidence/pcap/index.ts';
import type { CaptureSummary } from '../../harness/evidence/pcap/index.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { writeSmallUpgrade } from '../support/capture-scenarios.ts';
import { REPO_ROOT } from '../cli/run-cli.ts';
import { mutated } from './mutate.ts';

const fromBytes = (bytes: Uint8Array, gzip = false): Promise<CaptureSummary> =>
  readCapture('-', { stdin: Readable.from([Buffer.from(gzip ? gzipSync(bytes) : bytes)]) });

/** Read it; a CaptureError is a fine answer, anything else fails the property. */
async function readOrRefuse(bytes: Uint8Array, gzip = false): Promise<CaptureSummary | undefined> {
  try {
    return await fromBytes(bytes, gzip);
  } catch (e) {
    if (e instanceof CaptureError) return undefined;
    throw e;
  }
}

function assertBounded(s: CaptureSummary, inputBytes: number): void {
  // Every record costs at least 12 bytes of framing; nothing is kept without a frame behind it
  // (one frame may open a flow in each of the three tables it can belong to).
  assert.ok(s.frames <= inputBytes / 12 + 1, `${s.frames} frames from ${inputBytes} bytes`);
  const kept = s.udp4051.length + s.tcp4051.length + s.tftp.length + s.conversations.length;
  assert.ok(kept <= 3 * s.frames, `${kept} flows kept from ${s.frames} frames`);
  assert.ok(s.bytes <= inputBytes, `${s.bytes} frame bytes from ${inputBytes} input bytes`);
}

describe('fuzz: capture reader', function () {
  this.timeout(60_000);
  const tmp = captureTmpDir('pfslab-fuzz-pcap-');
  const seeds: Uint8Array[] = [];
  before(async function () {
    for (const opts of [{}, { format: 'pcapng' as const }, { format: 'pcapng' as const, bigEndian: true }, { linkType: 'sll2' as const }]) {
      const file = tmp.file(`seed-${seeds.length}.cap`);
      const b = await CaptureBuilder.create(file, opts);
      writeSmallUpgrade(b);
      await b.close();
      seeds.push(readFileSync(file));
    }
  });
  after(() => tmp.remove());

  it('random bytes: read or refused with a CaptureError', async function () {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const s = await readOrRefuse(bytes);
        if (s) assertBounded(s, bytes.length);
      }),
      { numRuns: 150 },
    );
  });

  it('mutated real captures (pcap, pcapng both byte orders, SLL2; plain and gzip): read or refused, bounded', async function () {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), mutated(), fc.boolean(), async (which, mutate, gzip) => {
        const bytes = mutate(seeds[which]!);
        const s = await readOrRefuse(bytes, gzip);
        if (s) assertBounded(s, bytes.length);
      }),
      { numRuns: 250 },
    );
  });

  it('a mutation after the first frames never loses the frames before it', async function () {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), async (which) => {
        const seed = seeds[which]!;
        const whole = await fromBytes(seed);
        // Cut anywhere past the middle: the frames of the first half are still read.
        const half = await fromBytes(seed.subarray(0, Math.floor(seed.length * 0.75)));
        assert.ok(half.frames <= whole.frames);
        assert.ok(half.frames > 0);
      }),
      { numRuns: 8 },
    );
  });

  it('a 320 MiB capture on a stream is read in flat memory (child process, peak RSS)', function () {
    // The child streams records of 64 KiB each into the reader and prints its peak RSS. A
    // reader that buffered its input would need more than the input; the bound is generous.
    const script = `
      import { Readable } from 'node:stream';
      import { readCapture } from './harness/evidence/pcap/index.ts';
      const header = Buffer.alloc(24);
      header.writeUInt32LE(0xa1b2c3d4, 0); header.writeUInt16LE(2, 4); header.writeUInt16LE(4, 6);
      header.writeUInt32LE(262144, 16); header.writeUInt32LE(1, 20);
      const record = Buffer.alloc(16 + 65536, 0x5a);
      record.writeUInt32LE(65536, 8); record.writeUInt32LE(65536, 12);
      let left = 5120;
      const input = new Readable({ read() { this.push(left-- > 0 ? record : null); } });
      input.unshift(header);
      const s = await readCapture('-', { stdin: input });
      console.log(JSON.stringify({ frames: s.frames, maxRssKiB: process.resourceUsage().maxRSS }));
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { frames: number; maxRssKiB: number };
    assert.equal(out.frames, 5120);
    assert.ok(out.maxRssKiB < 250 * 1024, `peak RSS ${Math.round(out.maxRssKiB / 1024)} MiB for a 320 MiB input`);
  });
});
