// The local driver on lo: known UDP and TCP traffic from Node ends up in the file, checked
// by our reader and by tshark; ring buffers; tcpdump's counts; stop flushes.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readCapture } from '../../../harness/evidence/pcap/index.ts';
import { captureDriver, runningCaptures, stopAllCaptures } from '../../../drivers/capture/index.ts';
import { captureTmpDir } from '../../support/capture-tmp.ts';
import { tsharkPath } from '../../support/capture-tshark.ts';
import { tcpBytesWith, tcpPayloadBytes, tsharkTotal, udpPacketsTo } from './support/pcap-check.ts';
import { captureSpec } from './support/specs.ts';
import { requireRoot, requireTools } from './support/tools.ts';
import { freePort, sendTcp, sendUdp, tcpSink } from './support/traffic.ts';

describe('capture driver: local tcpdump on lo', function () {
  const tmp = captureTmpDir('pfslab-capdrv-local-');
  before(function () {
    requireTools('tcpdump', 'tshark');
    tsharkPath();
    requireRoot();
  });
  after(async function () {
    await stopAllCaptures();
    tmp.remove();
  });

  it('captures known UDP and TCP traffic; stop flushes and reports tcpdump\'s counts', async function () {
    const udpPort = await freePort();
    const sink = await tcpSink('127.0.0.1');
    try {
      // lo is shared with everything else on this machine: capture only our two flows.
      const driver = captureDriver(captureSpec({ name: 'lo-cap', local: { interface: 'lo' } }), { evidenceDir: tmp.dir });
      const cap = await driver.start({ filter: `udp port ${udpPort} or tcp port ${sink.port}` });
      assert.deepEqual(runningCaptures().map((c) => c.id), [cap.id]);
      await sendTcp('127.0.0.1', sink.port, 5000);
      // The datagrams go right before stop(): they must still be in the file.
      await sendUdp('127.0.0.2', udpPort, 7, 120);
      const out = await cap.stop();

      assert.equal(out.files.length, 1);
      assert.equal(out.endedEarly, undefined);
      assert.deepEqual(runningCaptures(), []);
      const file = out.files[0]!;
      const summary = await readCapture(file);
      assert.equal(udpPacketsTo(summary, udpPort), 7);
      assert.equal(tcpPayloadBytes(out.files, sink.port), 5000);
      assert.ok(tcpBytesWith(summary, sink.port) > 5000);
      assert.equal(tsharkTotal(out.files, `udp.dstport == ${udpPort}`), 7);
            // tcpdump's own count is the file's frame count.
      assert.equal(out.packetsCaptured, summary.frames);
      assert.equal(out.droppedByKernel, 0);
      assert.equal(cap.packetsCaptured, summary.frames);
      assert.deepEqual(cap.files, out.files);
      // stop() is idempotent.
      assert.equal(await cap.stop(), out);
    } finally {
      await sink.close();
    }
  });

  it('applies snaplen and the lab\'s filter ANDed with the caller\'s', async function () {
    const a = await freePort();
    const b = a === 65535 ? a - 1 : a + 1;
    const spec = captureSpec({ name: 'lo-snap', local: { interface: 'lo' }, snaplen: 60, filter: 'udp' });
    const cap = await captureDriver(spec, { evidenceDir: tmp.dir }).start({ filter: `dst port ${a}` });
    await sendUdp('127.0.0.1', a, 3, 500);
    await sendUdp('127.0.0.1', b, 3, 500);
    const out = await cap.stop();
    assert.equal(tsharkTotal(out.files, `udp.dstport == ${a}`), 3);
    assert.equal(tsharkTotal(out.files, `udp.dstport == ${b}`), 0);
    // Every frame cut short (libpcap may keep a little less than asked), its length kept.
    assert.equal(tsharkTotal(out.files, 'frame.cap_len <= 60 && frame.len > 500'), 3);
  });

  it('writes a ring buffer of several files, all returned, oldest first', async function () {
    const port = await freePort();
    // lo's MTU is 64 KiB: with whole-packet snaplen each kernel ring slot is that big and a
    // burst overflows the ring. An Ethernet-sized snaplen is what a SPAN port would have.
    const spec = captureSpec({ name: 'lo-ring', local: { interface: 'lo' }, snaplen: 1600, ring: { fileSizeMB: 1, files: 5 } });
    const cap = await captureDriver(spec, { evidenceDir: tmp.dir }).start({ filter: `udp port ${port}` });
    // ~2.4 MB: three files of at most 1 MB, none overwritten.
    await sendUdp('127.0.0.1', port, 2000, 1200);
    const out = await cap.stop();
    assert.equal(out.files.length, 3, out.files.join(', '));
    // Named so that Wireshark opens them, in the order written.
    assert.deepEqual(out.files.map((f) => path.basename(f)), [1, 2, 3].map((n) => `${cap.id}.part${n}.pcap`));
    assert.deepEqual(cap.files, out.files);
    let frames = 0;
    for (const f of out.files) frames += (await readCapture(f)).frames;
    assert.equal(frames, out.packetsCaptured);
    assert.equal(out.droppedByKernel, 0);
    assert.equal(frames, 2000);
    assert.equal(tsharkTotal(out.files, `udp.dstport == ${port}`), frames);
  });

  it('a ring that never rotated leaves one <id>.pcap, not tcpdump\'s <id>.pcap0', async function () {
    const port = await freePort();
    const spec = captureSpec({ name: 'lo-ring1', local: { interface: 'lo' }, ring: { fileSizeMB: 100, files: 5 } });
    const cap = await captureDriver(spec, { evidenceDir: tmp.dir }).start({ filter: `udp port ${port}` });
    assert.deepEqual(cap.files.map((f) => path.basename(f)), [`${cap.id}.pcap0`], 'while it runs, the file tcpdump writes');
    await sendUdp('127.0.0.1', port, 5, 100);
    const out = await cap.stop();
    assert.deepEqual(out.files, [path.join(tmp.dir, `${cap.id}.pcap`)]);
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith(cap.id)), [`${cap.id}.pcap`]);
    assert.equal(udpPacketsTo(await readCapture(out.files[0] ?? ''), port), 5);
  });

  it('stopAllCaptures stops every running capture (the exit guard\'s hook)', async function () {
    const port = await freePort();
    const spec = captureSpec({ name: 'lo-all', local: { interface: 'lo' } });
    const driver = captureDriver(spec, { evidenceDir: tmp.dir });
    const caps = [await driver.start({ filter: `udp port ${port}` }), await driver.start({ filter: `udp port ${port}` })];
    await sendUdp('127.0.0.1', port, 4);
    const all = await stopAllCaptures();
    assert.deepEqual(all.failures, []);
    assert.equal(all.stopped.length, 2);
    for (const out of all.stopped) assert.equal(tsharkTotal(out.files, `udp.dstport == ${port}`), 4);
    assert.deepEqual(runningCaptures(), []);
    for (const c of caps) assert.notEqual(c.packetsCaptured, undefined);
  });
});
