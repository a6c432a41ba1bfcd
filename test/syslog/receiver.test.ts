// The receiver on a loopback address: datagrams from a third-party sender (util-linux
// logger, both framings) and from raw sockets land in one evidence file per sender, in
// arrival order with receive times; bad input (binary, oversized, floods) is bounded and
// counted, and the receiver keeps receiving.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readSyslogEvidence, syslogAsConsoleLog, SyslogReceiver } from '../../harness/evidence/syslog/index.ts';
import type { SyslogReceiverOptions, SyslogSummary } from '../../harness/evidence/syslog/index.ts';
import { redact } from '../../harness/lab/index.ts';

const run = promisify(execFile);

async function send(port: number, datagrams: (string | Buffer)[], from = '127.0.0.1'): Promise<void> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind({ address: from, port: 0 }, () => r()));
  for (const d of datagrams) await new Promise<void>((r, j) => s.send(d, port, '127.0.0.1', (e) => (e ? j(e) : r())));
  s.close();
}

/** Waits until the receiver has counted `n` datagrams (UDP on loopback loses nothing at this rate). */
async function received(r: SyslogReceiver, n: number): Promise<void> {
  for (let i = 0; i < 200 && r.stats().received < n; i++) await new Promise((res) => setTimeout(res, 25));
  assert.equal(r.stats().received, n, 'datagrams received');
}

describe('syslog receiver', function () {
  let dir: string;
  let receiver: SyslogReceiver | undefined;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(tmpdir(), 'pfslab-syslog-'));
  });
  afterEach(async function () {
    await receiver?.stop();
    receiver = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const start = async (o: Partial<SyslogReceiverOptions> = {}): Promise<SyslogReceiver> => {
    receiver = await SyslogReceiver.start({ address: '127.0.0.1', port: 0, dir, flushMs: 20, redact, ...o });
    return receiver;
  };

  it('keeps what util-linux logger sends, RFC 3164 and RFC 5424, per sender, in arrival order', async function () {
    const r = await start({ identify: (address, host) => (host === 'SEP0250F5A10001' ? { key: 'SEP0250F5A10001', phone: 'SEP0250F5A10001' } : { key: `unknown-${address}` }) });
    const logger = (framing: string, msg: string) => run('logger', ['--udp', '--server', '127.0.0.1', '--port', String(r.port), framing, '--tag', 'pfslab-test', msg]);
    await logger('--rfc3164', 'NOT 11:24:37.120301 Main: Power on: CP-7961G');
    await logger('--rfc5424', 'INF 11:24:38.000001 DLoad: second\tline');
    await logger('--rfc3164', 'third');
    await received(r, 3);
    const summary = await r.stop();
    assert.equal(summary.kept, 3);
    const [sender] = summary.senders;
    assert.ok(sender);
    assert.equal(summary.senders.length, 1, 'one sender: logger from 127.0.0.1');
    const ev = await readSyslogEvidence(sender.file);
    assert.deepEqual(ev.datagrams.map((d) => d.framing), ['rfc3164', 'rfc5424', 'rfc3164']);
    assert.deepEqual(ev.datagrams.map((d) => d.consoleLine), ['NOT 11:24:37.120301 Main: Power on: CP-7961G', 'INF 11:24:38.000001 DLoad: second\tline', 'pfslab-test: third']);
    const times = ev.datagrams.map((d) => Date.parse(d.receivedAt));
    assert.deepEqual([...times].sort((a, b) => a - b), times, 'receive times in arrival order');
    assert.ok(ev.datagrams.every((d) => d.source.startsWith('127.0.0.1:')));
    // The console parser reads the syslog stream as a console log; line numbers point into the evidence file.
    const log = syslogAsConsoleLog(ev);
    assert.deepEqual(log.records.map((x) => [x.line, x.level, x.task, x.text]), [
      [3, 'NOT', 'Main', 'Power on: CP-7961G'],
      [4, 'INF', 'DLoad', 'second\tline'],
    ]);
  });

  it('one file per phone: by source address and host name', async function () {
    const r = await start({ identify: (address, host) => (host?.startsWith('SEP') ? { key: host, phone: host } : { key: `unknown-${address}` }) });
    await send(r.port, ['<134>Dec  6 11:24:37 SEP000000000001 NOT 11:24:37.1 Main: a', '<134>Dec  6 11:24:37 SEP000000000002 NOT 11:24:37.2 Main: b', '<134>Dec  6 11:24:37 SEP000000000001 NOT 11:24:37.3 Main: c']);
    await received(r, 3);
    const s = await r.stop();
    assert.deepEqual(s.senders.map((x) => [path.basename(x.file), x.kept]).sort(), [['SEP000000000001.syslog.log', 2], ['SEP000000000002.syslog.log', 1]]);
  });

  it('writes every datagram through the redactor it is given, and no secret reaches the file', async function () {
    const secret = 'pfslab-syslog-secret-7Qx';
    const r = await start({ redact: (text) => text.replaceAll(secret, '*'.repeat(secret.length)) });
    await send(r.port, [`<134>Dec  6 11:24:37 SEP000000000001 NOT 11:24:37.1 Main: ssh password ${secret} written`]);
    await received(r, 1);
    const [sender] = (await r.stop()).senders;
    assert.ok(sender);
    const text = await readFile(sender.file, 'utf8');
    assert.ok(!text.includes(secret), text);
    assert.match(text, /ssh password \*{24} written/);
  });

  describe('bad input never stops it; what is kept is bounded and drops are counted', function () {
    it('refuses binary datagrams, keeps text without PRI as raw, and still receives afterwards', async function () {
      const r = await start();
      await send(r.port, [Buffer.from([0x16, 0x03, 0x01, 0x00, 0x00, 0xff]), Buffer.alloc(0), 'no pri at all \x1b[31mred', '<13>Dec  6 11:24:37 h after the garbage']);
      await received(r, 4);
      const s = await r.stop();
      assert.equal(s.dropped['not-syslog'], 2);
      assert.equal(s.kept, 2);
      // Keyed by source address and host name: the raw line has no host, the last one names "h".
      assert.deepEqual(s.senders.map((x) => x.key), ['unknown-127.0.0.1', 'unknown-127.0.0.1-h']);
      const text = (await Promise.all(s.senders.map((x) => readFile(x.file, 'utf8')))).join('');
      assert.ok(!text.includes('\x1b'), 'control characters are escaped in the evidence');
      assert.match(text, /\traw\tno pri at all \\x1b\[31mred\n/);
      assert.match(text, /\trfc3164\t<13>Dec {2}6 11:24:37 h after the garbage\n/);
    });

    it('cuts oversized datagrams at maxMessageBytes and marks them', async function () {
      const r = await start({ limits: { maxMessageBytes: 100 } });
      await send(r.port, [`<13>Dec  6 11:24:37 h ${'x'.repeat(60000)}`]);
      await received(r, 1);
      const s = await r.stop();
      assert.equal(s.cut, 1);
      const ev = await readSyslogEvidence(s.senders[0]?.file ?? '');
      assert.equal(ev.datagrams[0]?.framing, 'rfc3164');
      assert.equal(ev.datagrams[0]?.cut, true);
      assert.equal(ev.datagrams[0]?.datagram.length, 100);
    });

    it('a flood: keeps up to the per-file bound, counts the rest, and other senders still get in', async function () {
      const r = await start({ limits: { maxFileBytes: 4000, maxSenders: 2 }, identify: (a, h) => ({ key: h ?? a }) });
      const flood = Array.from({ length: 500 }, (_, i) => `<13>Dec  6 11:24:37 flooder message ${i}`);
      await send(r.port, flood);
      await send(r.port, ['<13>Dec  6 11:24:37 quiet one line', '<13>Dec  6 11:24:37 third-sender refused']);
      await received(r, 502);
      const s: SyslogSummary = await r.stop();
      const flooder = s.senders.find((x) => x.key === 'flooder');
      assert.ok(flooder && flooder.kept > 0 && flooder.kept < 500, `flooder kept ${flooder?.kept}`);
      assert.equal(flooder.dropped, 500 - flooder.kept);
      assert.equal(s.dropped['file-full'], 500 - flooder.kept);
      assert.equal(s.senders.find((x) => x.key === 'quiet')?.kept, 1);
      assert.equal(s.dropped['too-many-senders'], 1);
      const fileBytes = (await readFile(flooder.file)).length;
      assert.ok(fileBytes <= 4000 + 400, `file ${fileBytes} bytes within the bound (plus its header)`);
      const summaryOnDisk = JSON.parse(await readFile(path.join(dir, 'syslog-summary.json'), 'utf8')) as SyslogSummary;
      assert.equal(summaryOnDisk.dropped['file-full'], s.dropped['file-full']);
      assert.equal(typeof summaryOnDisk.kernelDrops, 'number', 'kernel drops read from /proc/net/udp');
    });

    it('a port it cannot bind is a clear error, not a crash', async function () {
      const first = await start();
      await assert.rejects(SyslogReceiver.start({ address: '127.0.0.1', port: first.port, dir, redact }), /cannot listen on udp 127\.0\.0\.1:\d+: EADDRINUSE/);
    });
  });
});
