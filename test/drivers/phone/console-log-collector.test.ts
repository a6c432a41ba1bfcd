// ConsoleLogCollector against a virtual phone whose log rotates every ~1 KiB: the local copy
// must equal, byte for byte, every line the phone wrote (its own complete log, taken from
// the phone's log as it was written), across rotations, with no gap reported.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogCollector, PhoneWeb } from '../../../drivers/phone/index.ts';
import { startPhoneLab, until } from './support/phone-lab.ts';
import type { PhoneLab } from './support/phone-lab.ts';

describe('drivers/phone ConsoleLogCollector (virtual phone, fast rotation)', function () {
  let lab: PhoneLab;
  let dir: string;

  before(async function () {
    lab = await startPhoneLab([
      { host: 41, logFiles: 3, logFileBytes: 1024 },
      { host: 42, logFiles: 3, logFileBytes: 1024 },
    ]);
    dir = await mkdtemp(join(tmpdir(), 'pfslab-collector-'));
  });
  after(async function () {
    await lab?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const webOf = (i: number) => new PhoneWeb({ name: lab.phones[i]!.name, ip: lab.phones[i]!.spec.ip });

  it('polls across rotations (a rotated file\'s tail first) without losing or duplicating a line', async function () {
    const phone = lab.phones[0]!;
    const c = new ConsoleLogCollector(webOf(0), { dir });
    await c.poll();
    // Bursts of 0..35 lines (~60 bytes each) between polls: from none up to two rotations.
    let n = 0;
    for (let round = 0; round < 60; round++) {
      const burst = (round * 7) % 36;
      for (let k = 0; k < burst; k++) phone.log('DBG', 'Test', `collector line ${n++} ${'x'.repeat(n % 23)}`);
      await c.poll();
    }
    assert.ok(c.stats.rotations >= 10, `only ${c.stats.rotations} rotations`);
    assert.deepEqual(c.stats.gaps, []);
    const local = await readFile(c.file, 'latin1');
    assert.equal(local, lab.written[0]!.join(''));
  });

  it('follows with a timer while the phone writes, and stop() leaves a complete copy', async function () {
    const phone = lab.phones[1]!;
    const c = new ConsoleLogCollector(webOf(1), { dir });
    c.follow({ intervalMs: 20 });
    for (let i = 0; i < 300; i++) {
      phone.log('INF', 'Test', `followed line ${i}`);
      if (i % 5 === 4) await new Promise((r) => setTimeout(r, 20));
    }
    const all = () => lab.written[1]!.join('');
    await until(async () => (await readFile(c.file, 'latin1')) === all(), 20_000, 'the collected copy to catch up');
    await c.stop();
    assert.ok(c.stats.rotations >= 5);
    assert.deepEqual(c.stats.gaps, []);
    assert.equal(await readFile(c.file, 'latin1'), all());
  });

  it('records a gap (never hides it) when the phone rotates a file away between polls', async function () {
    const phone = lab.phones[0]!;
    const c = new ConsoleLogCollector(webOf(0), { dir: join(dir, 'gap') });
    await c.poll();
    for (let k = 0; k < 200; k++) phone.log('DBG', 'Test', `flood ${k} ${'y'.repeat(40)}`);
    await c.poll();
    assert.equal(c.stats.gaps.length, 1);
    assert.match(c.stats.gaps[0]!.detail, /was dropped by the phone before its tail was read/);
    // What the phone still holds was copied, in order.
    const local = await readFile(c.file, 'latin1');
    assert.ok(local.endsWith(phone.flash.log.all()));
  });
});
