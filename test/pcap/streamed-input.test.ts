// Captures that do not come from a seekable file: stdin, pipes and FIFOs, gzip (file or
// stream), and inputs that are not captures at all (devices, directories). Each must read
// exactly like the plain file, or be refused with a message, never hang or seek.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { CaptureError, readCapture } from '../../harness/evidence/pcap/index.ts';
import type { CaptureSummary } from '../../harness/evidence/pcap/index.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { captureTmpDir } from '../support/capture-tmp.ts';
import { writeSmallUpgrade } from '../support/capture-scenarios.ts';
import { cliNodeArgs, REPO_ROOT, runCli } from '../cli/run-cli.ts';

/** What must not differ between two reads of the same capture (the file name may). */
const comparable = (s: CaptureSummary): unknown => ({ ...s, file: '' });

describe('pcap reader: stdin, pipes, FIFOs and gzip', function () {
  const tmp = captureTmpDir('pfslab-stream-');
  const plain: Record<'pcap' | 'pcapng', string> = { pcap: '', pcapng: '' };
  const expected: Partial<Record<'pcap' | 'pcapng', CaptureSummary>> = {};
  before(async function () {
    for (const format of ['pcap', 'pcapng'] as const) {
      plain[format] = tmp.file(`small.${format}`);
      const b = await CaptureBuilder.create(plain[format], { format });
      writeSmallUpgrade(b);
      // A frame bigger than the reader's 1 MiB window: skipped, also in a stream that cannot seek.
      if (format === 'pcapng') b.rawFrame(Buffer.alloc(1_300_000, 7));
      writeSmallUpgrade(b);
      await b.close();
      expected[format] = await readCapture(plain[format]);
      writeFileSync(`${plain[format]}.gz`, gzipSync(readFileSync(plain[format])));
    }
  });
  after(() => tmp.remove());

  for (const format of ['pcap', 'pcapng'] as const) {
    it(`${format}.gz read directly equals the plain ${format}`, async function () {
      assert.deepEqual(comparable(await readCapture(`${plain[format]}.gz`)), comparable(expected[format]!));
    });

    it(`${format} on stdin (-), plain and gzip, equals the file`, async function () {
      assert.deepEqual(comparable(await readCapture('-', { stdin: createReadStream(plain[format]) })), comparable(expected[format]!));
      const gz = Readable.from([readFileSync(`${plain[format]}.gz`)]);
      assert.deepEqual(comparable(await readCapture('-', { stdin: gz })), comparable(expected[format]!));
    });

    it(`${format} through a FIFO (a writer that starts later) equals the file`, async function () {
      const fifo = tmp.file(`in-${format}.fifo`);
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const reading = readCapture(fifo);
      await new Promise((r) => setTimeout(r, 200));
      const writer = spawn('sh', ['-c', `cat '${plain[format]}' > '${fifo}'`]);
      const summary = await reading;
      await new Promise((r) => writer.once('close', r));
      assert.deepEqual(comparable(summary), comparable(expected[format]!));
    });
  }

  it('a FIFO nobody writes to is given up with a message, not waited on forever', async function () {
    const fifo = tmp.file('silent.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    await assert.rejects(readCapture(fifo, { fifoWaitMs: 300 }), (e: unknown) => e instanceof CaptureError && /FIFO without data for 0 s: is anything writing to it\?/.test(e.message));
  });

  it('a gzip stream cut short reads what came before and says where it stopped', async function () {
    const gz = readFileSync(`${plain.pcap}.gz`);
    const cut = tmp.file('cut.pcap.gz');
    writeFileSync(cut, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const s = await readCapture(cut);
    assert.ok(s.stoppedEarly, 'stoppedEarly');
    assert.match(s.stoppedEarly.reason, /gzip: unexpected end of file|file ends inside/);
    assert.ok(s.frames > 0 && s.frames <= expected.pcap!.frames);
  });

  it('refuses a character device and a directory before reading', async function () {
    await assert.rejects(readCapture('/dev/zero'), /\/dev\/zero: is a character device: a capture is read from a regular file, a pipe, or stdin/);
    await assert.rejects(readCapture(tmp.dir), /is a directory/);
  });

  it('pfslab analyze reads a capture piped into --pcap - and a .pcap.gz, with the same result', async function () {
    const fromFile = await runCli(['analyze', '--pcap', plain.pcap, '--json']);
    const fromGz = await runCli(['analyze', '--pcap', `${plain.pcap}.gz`, '--json']);
    const child = spawn(process.execPath, cliNodeArgs(['analyze', '--pcap', '-', '--json']), { cwd: REPO_ROOT });
    createReadStream(plain.pcap).pipe(child.stdin);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const status = await new Promise((r) => child.once('close', r));
    assert.equal(fromFile.status, status);
    assert.equal(fromGz.stdout.length > 0, true, fromGz.stderr);
    // The capture is named as given (a path, or "(stdin)"); everything else must be the same.
    const strip = (json: string): unknown => JSON.parse(json.replaceAll(`${plain.pcap}.gz`, 'X').replaceAll(plain.pcap, 'X').replaceAll('(stdin)', 'X'));
    assert.deepEqual(strip(out), strip(fromFile.stdout));
    assert.deepEqual(strip(fromGz.stdout), strip(fromFile.stdout));
  });
});
