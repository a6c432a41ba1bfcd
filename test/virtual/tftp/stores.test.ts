// The stores the TFTP server reads from: generated firmware content, CUCM's in-memory files,
// and the layering of the two.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CompositeStore } from '../../../labs/virtual/tftp/stores/composite-store.ts';
import { firmwareBytes, firmwareSeed } from '../../../labs/virtual/tftp/stores/firmware-content.ts';
import { FirmwareStore } from '../../../labs/virtual/tftp/stores/firmware-store.ts';
import { MemoryStore } from '../../../labs/virtual/tftp/stores/memory-store.ts';

const APPS = { name: 'apps41.9-4-2ES26.sbn', size: 3_157_527 };
const JAR = { name: 'jar41sccp.9-4-2ES26.sbn', size: 1_630_052 };

describe('FirmwareStore', () => {
  const store = new FirmwareStore([APPS, JAR]);
  const whole = store.content(APPS.name) ?? Buffer.alloc(0);

  it('serves each file at its size', () => {
    assert.equal(store.stat(APPS.name), APPS.size);
    assert.equal(store.stat(JAR.name), JAR.size);
    assert.equal(store.stat('nothere.sbn'), undefined);
    assert.equal(whole.length, APPS.size);
  });

  it('reads any range, at any alignment, as the same bytes as the whole file', () => {
    for (const [offset, length] of [
      [0, 1],
      [1, 3],
      [3, 5],
      [1427, 1428],
      [APPS.size - 5, 5],
      [APPS.size - 2, 100],
      [APPS.size, 10],
      [777_777, 65_464],
    ]) {
      const got = store.read(APPS.name, offset ?? 0, length ?? 0);
      assert.deepEqual(got, whole.subarray(offset, (offset ?? 0) + (length ?? 0)), `range ${offset}+${length}`);
    }
  });

  it('is a pure function of (name, size): another store gives the same bytes; another name or size does not', () => {
    const again = new FirmwareStore([APPS]);
    assert.deepEqual(again.read(APPS.name, 1_000_000, 4096), whole.subarray(1_000_000, 1_004_096));
    const renamed = firmwareBytes(firmwareSeed('apps41.9-4-2ES27.sbn', APPS.size), APPS.size, 0, 4096);
    const resized = firmwareBytes(firmwareSeed(APPS.name, APPS.size + 1), APPS.size + 1, 0, 4096);
    assert.notDeepEqual(renamed, whole.subarray(0, 4096));
    assert.notDeepEqual(resized, whole.subarray(0, 4096));
  });

  it('does not repeat itself (no short period a wrong offset could hide in)', () => {
    const blocks = new Set<string>();
    for (let at = 0; at + 512 <= whole.length; at += 512) blocks.add(whole.toString('hex', at, at + 512));
    assert.equal(blocks.size, Math.floor(whole.length / 512));
  });

  it('gives the SHA-256 of the content as its checksum', () => {
    assert.equal(store.checksum(APPS.name), createHash('sha256').update(whole).digest('hex'));
    assert.equal(store.checksum('nothere.sbn'), undefined);
  });

  it('accepts a component again at the same size, and refuses it at another', () => {
    store.add(JAR.name, JAR.size);
    assert.throws(() => store.add(JAR.name, JAR.size + 1), /already served with 1630052 bytes/);
  });
});

describe('MemoryStore and CompositeStore', () => {
  it('serves what was put, replaced by a later put, and takes uploads only when writable', () => {
    const m = new MemoryStore();
    m.put('SEP001122334455.cnf.xml', '<device/>');
    assert.equal(m.stat('SEP001122334455.cnf.xml'), 9);
    m.put('SEP001122334455.cnf.xml', '<device>2</device>');
    assert.equal(m.read('SEP001122334455.cnf.xml', 8, 1).toString(), '2');
    assert.equal(m.write, undefined);
    const w = new MemoryStore({ writable: true });
    w.write?.('up.bin', Buffer.from('x'));
    assert.equal(w.get('up.bin')?.toString(), 'x');
  });

  it('serves a name from the first layer that has it, and uploads to the first writable layer', () => {
    const cucm = new MemoryStore({ writable: true });
    const firmware = new FirmwareStore([JAR]);
    const both = new CompositeStore([cucm, firmware]);
    assert.equal(both.stat(JAR.name), JAR.size);
    assert.deepEqual(both.read(JAR.name, 10, 4), firmware.read(JAR.name, 10, 4));
    cucm.put(JAR.name, 'shadow');
    assert.equal(both.stat(JAR.name), 6);
    assert.equal(both.read(JAR.name, 0, 100).toString(), 'shadow');
    both.write?.('new.txt', Buffer.from('n'));
    assert.equal(cucm.get('new.txt')?.toString(), 'n');
    assert.equal(new CompositeStore([firmware]).write, undefined);
    assert.throws(() => both.read('nothere', 0, 1), /no such file/);
  });
});
