// tcpdump's command line and what it says on stderr, offline (golden texts from tcpdump 4.99).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finalPcapNames, isCaptureFile, newCaptureId, ringIndex } from '../../../drivers/capture/capture-names.ts';
import { effectiveSettings } from '../../../drivers/capture/settings.ts';
import { combineFilters, shellQuote, tcpdumpArgs } from '../../../drivers/capture/tcpdump-command.ts';
import { parseTcpdumpStats, saysListening, tcpdumpComplaint } from '../../../drivers/capture/tcpdump-stderr.ts';

const STARTED = 'tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n';
const ENDED = `${STARTED}7 packets captured\n14 packets received by filter\n0 packets dropped by kernel\n`;
const ENDED_SINGULAR = '1 packet captured\n1 packet received by filter\n3 packets dropped by kernel\n2 packets dropped by interface\n';
const NO_DEVICE = 'tcpdump: pfsnosuch0: No such device exists\n(No such device exists)\n';

describe('capture driver: tcpdump text', function () {
  it('knows when tcpdump listens', function () {
    assert.equal(saysListening(STARTED), true);
    assert.equal(saysListening('listening on eth0, link-type EN10MB (Ethernet), capture size 262144 bytes\n'), true);
    assert.equal(saysListening(NO_DEVICE), false);
    assert.equal(saysListening(''), false);
  });

  it('parses the counts tcpdump prints on exit', function () {
    assert.deepEqual(parseTcpdumpStats(ENDED), { packetsCaptured: 7, receivedByFilter: 14, droppedByKernel: 0 });
    assert.deepEqual(parseTcpdumpStats(ENDED_SINGULAR), { packetsCaptured: 1, receivedByFilter: 1, droppedByKernel: 3, droppedByInterface: 2 });
    assert.deepEqual(parseTcpdumpStats(STARTED), {});
  });

  it('quotes tcpdump\'s complaint on one line, without the noise', function () {
    assert.equal(tcpdumpComplaint(NO_DEVICE), 'tcpdump: pfsnosuch0: No such device exists / (No such device exists)');
    assert.equal(tcpdumpComplaint(ENDED), '(tcpdump said nothing)');
    assert.equal(tcpdumpComplaint('x'.repeat(1000)).length, 603);
  });

  it('builds the command line: immediate mode, per-packet flush, snaplen, ring, filter last', function () {
    assert.deepEqual(tcpdumpArgs({ interface: 'eth1', file: '/ev/a.pcap', snaplen: 0, runAs: 'root', ring: { fileSizeMB: 100, files: 10 }, filter: 'udp port 4051' }), [
      '-i', 'eth1', '-n', '--immediate-mode', '-U', '-s', '0', '-B', '32768', '-Z', 'root', '-C', '100', '-W', '10', '-w', '/ev/a.pcap', 'udp port 4051',
    ]);
    assert.deepEqual(tcpdumpArgs({ interface: 'lo', file: 'f', snaplen: 96, filter: '  ' }), ['-i', 'lo', '-n', '--immediate-mode', '-U', '-s', '96', '-B', '32768', '-w', 'f']);
  });

  it('narrows the lab\'s filter with the caller\'s; the caller overrides snaplen and ring', function () {
    assert.equal(combineFilters(undefined, ''), undefined);
    assert.equal(combineFilters('udp', undefined), 'udp');
    assert.equal(combineFilters('udp or tcp', 'port 4051'), '(udp or tcp) and (port 4051)');
    assert.deepEqual(effectiveSettings({ snaplen: 262144, filter: 'ip', ring: { fileSizeMB: 1, files: 2 } }, { snaplen: 128, filter: 'udp', ring: { fileSizeMB: 5, files: 3 } }), {
      snaplen: 128,
      filter: '(ip) and (udp)',
      ring: { fileSizeMB: 5, files: 3 },
    });
    assert.deepEqual(effectiveSettings({ snaplen: 0 }, {}), { snaplen: 0 });
  });

  it('quotes anything for the remote shell', function () {
    assert.equal(shellQuote(`host 10.0.0.1 and not port 22`), `'host 10.0.0.1 and not port 22'`);
    assert.equal(shellQuote(`it's`), `'it'\\''s'`);
  });

  it('names captures uniquely and recognises tcpdump\'s ring files', function () {
    const a = newCaptureId('span', new Date('2026-11-24T01:36:00.123Z'));
    const b = newCaptureId('span', new Date('2026-11-24T01:36:00.123Z'));
    assert.match(a, new RegExp(`^span-20261124T013600Z-${process.pid}-\\d+$`));
    assert.notEqual(a, b);
    assert.equal(isCaptureFile('x.pcap', 'x.pcap'), true);
    assert.equal(isCaptureFile('x.pcap07', 'x.pcap'), true);
    assert.equal(isCaptureFile('x.pcap.pid', 'x.pcap'), false);
    assert.equal(isCaptureFile('x.pcapng', 'x.pcap'), false);
    assert.equal(ringIndex('x.pcap07', 'x.pcap'), 7);
    assert.equal(ringIndex('x.pcap', 'x.pcap'), 0);
    assert.equal(isCaptureFile('x.part2.pcap', 'x.pcap'), true);
    assert.equal(isCaptureFile('x.part.pcap', 'x.pcap'), false);
    assert.equal(isCaptureFile('y.part2.pcap', 'x.pcap'), false);
    assert.equal(ringIndex('x.part12.pcap', 'x.pcap'), 12);
  });

  describe('a stopped capture\'s files end in .pcap', function () {
    let dir = '';
    beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'pfslab-pcapnames-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const write = (name: string): string => {
      writeFileSync(path.join(dir, name), name);
      return path.join(dir, name);
    };

    it('one ring file (the ring never rotated) becomes <id>.pcap', async function () {
      const named = await finalPcapNames([write('x.pcap0')], 'x.pcap');
      assert.deepEqual(named, [path.join(dir, 'x.pcap')]);
      assert.deepEqual(readdirSync(dir), ['x.pcap']);
      assert.equal(readFileSync(named[0] ?? '', 'utf8'), 'x.pcap0');
    });

    it('a rotated ring becomes <id>.part1.pcap ... in the order given (oldest first), whatever tcpdump numbered them', async function () {
      // A ring of 3 that wrapped once: x.pcap1 is the oldest left, x.pcap0 the newest.
      const named = await finalPcapNames([write('x.pcap1'), write('x.pcap2'), write('x.pcap0')], 'x.pcap');
      assert.deepEqual(named.map((f) => path.basename(f)), ['x.part1.pcap', 'x.part2.pcap', 'x.part3.pcap']);
      assert.deepEqual(named.map((f) => readFileSync(f, 'utf8')), ['x.pcap1', 'x.pcap2', 'x.pcap0']);
      assert.deepEqual(readdirSync(dir).sort(), ['x.part1.pcap', 'x.part2.pcap', 'x.part3.pcap']);
    });

    it('a file without a ring keeps its name; no files, no names', async function () {
      assert.deepEqual(await finalPcapNames([write('x.pcap')], 'x.pcap'), [path.join(dir, 'x.pcap')]);
      assert.deepEqual(await finalPcapNames([], 'x.pcap'), []);
    });
  });
});
