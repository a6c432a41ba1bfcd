// Power lost in the middle of an upgrade: a parent that loses power half-way through feeding
// a child (the parent-power-loss fault, armed on every phone, fires once per phone), and a
// power cut from outside (the switch port). Everyone still ends on the new load: children
// recover (rejoin through the root, or elect a new root, or fall back to TFTP) and a phone
// that lost power starts its upgrade again at the next boot.
import assert from 'node:assert/strict';
import type { VirtualPhone } from '../../../labs/virtual/phone/phone.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';
import { parsePhoneLog } from './support/evidence.ts';

/** Plays the PoE switch: a phone that is off is powered on again, until all run `load`. */
async function powerCycleUntilUpgraded(lab: MiniLab, timeoutMs: number): Promise<Set<VirtualPhone>> {
  const cycled = new Set<VirtualPhone>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const p of lab.phones) {
      if (p.state !== 'off') continue;
      cycled.add(p);
      p.powerOn();
    }
    if (lab.phones.every((p) => p.state === 'running' && p.flash.runningLoad === lab.target.get(p.spec.model))) return cycled;
    if (Date.now() > deadline) throw new Error(`not upgraded: ${lab.phones.map((p) => `${p.spec.ip}=${p.state}/${p.flash.runningLoad}`).join(' ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('virtual phones: power lost during an upgrade', function () {
  this.timeout(120_000);
  let lab: MiniLab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('parents that lose power mid-transfer: their children recover and everyone finishes', async () => {
    lab = await startMiniLab({
      firstHost: 41,
      phones: Array.from({ length: 6 }, () => ({ model: 'CP-7961G', faults: ['parent-power-loss' as const] })),
    });
    lab.powerOnAll();
    const cycled = await powerCycleUntilUpgraded(lab, 100_000);
    assert.ok(cycled.size >= 1, 'at least one parent lost power (the fault fired)');
    const logs = lab.phones.map(parsePhoneLog);
    const lost = logs.flatMap((l) => l.events.filter((e) => e.type === 'other' && e.name === 'parent-lost'));
    assert.ok(lost.length >= 1, 'a child logged its lost parent');
    for (const p of cycled) {
      const upgrades = p.flash.log.all().match(/DLoad: Upgrade /g) ?? [];
      assert.ok(upgrades.length >= 2, `${p.name} started its interrupted upgrade again (${upgrades.length})`);
    }
  });

  it('a phone cut off by its switch port mid-upgrade starts again at the next boot', async () => {
    lab = await startMiniLab({ firstHost: 51, phones: [{ model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G' }] });
    lab.powerOnAll();
    const victim = lab.phones[0];
    assert.ok(victim);
    // Cut as soon as it holds one component: RAM (and that file) is lost, the old load stays.
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (victim.origins.size === 0) return;
        clearInterval(t);
        resolve();
      }, 5);
    });
    victim.powerOff();
    assert.equal(victim.flash.runningLoad, 'SCCP41.9-3-1SR1-1S');
    assert.equal(victim.config, undefined);
    await powerCycleUntilUpgraded(lab, 100_000);
    const log = victim.flash.log.all();
    assert.equal((log.match(/Main: Power on/g) ?? []).length >= 2, true);
    assert.ok((log.match(/Got jar41sccp\.9-4-2ES26\.sbn/g) ?? []).length >= 2, 'the first component was fetched again');
  });
});
