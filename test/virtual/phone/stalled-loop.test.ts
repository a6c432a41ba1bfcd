// The twin's phones under a stalled event loop (issue 15): on a loaded machine the loop that
// hundreds of virtual phones share runs their timers seconds late, and the phones took that
// deafness for silence: a yielded phone claimed again, a root said DONE with the joins of
// its phones still unread (then its members left and latecomers made a second root). Here
// the stall is a synchronous block of the loop at a chosen line of a phone's console log:
// the same stall every run, whatever the machine's load. A late loop may make the upgrade
// slower; the election and the hierarchy come out as without it.
import assert from 'node:assert/strict';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';

/** Blocks the event loop for `ms`: every phone of the lab (one process) stalls at once. */
function stallLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // nothing runs: that is the point
  }
}

/**
 * Stalls the loop once, for `ms`, at the first line any phone writes that matches `at`,
 * once some phone wrote a line matching `after` (when given).
 */
function stallAt(lab: MiniLab, at: RegExp, ms: number, after?: RegExp): { stalled: () => boolean } {
  let armed = after === undefined;
  let done = false;
  for (const p of lab.phones) {
    p.flash.log.follow((line) => {
      if (done) return;
      if (!armed) {
        armed = after?.test(line) ?? true;
        return;
      }
      if (!at.test(line)) return;
      done = true;
      stallLoop(ms);
    });
  }
  return { stalled: () => done };
}

/** The console lines of every phone for the load's first file (xid ...00). */
function firstFileLines(lab: MiniLab): string[] {
  return lab.phones.flatMap((p) => p.flash.log.all().split('\n').filter((l) => /XID[0-9A-F]{6}00 /.test(l)));
}

const fourPhones = [{ model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G' }, { model: 'CP-7961G' }];

describe('virtual phones: a stalled event loop delays the upgrade, never splits it', function () {
  this.timeout(120_000);
  let lab: MiniLab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('a phone that yielded does not claim again because its wait ran out while the loop stood still', async () => {
    lab = await startMiniLab({ firstHost: 141, phones: fourPhones });
    // At the claimer's next advert timeout after a phone yielded (its wait is armed by then),
    // for longer than yieldWaitMs (4000 ms x 0.2): the old wait ran out during the stall and
    // fired before the root's claim could come.
    const stall = stallAt(lab, /Timeout XID[0-9A-F]{6}00 hier=/, 2000, /XID[0-9A-F]{6}00 RxBdcst ClaimRoot\(tent\) .*: yield/);
    lab.powerOnAll();
    await lab.waitAllRunningNewLoad(90_000);
    assert.ok(stall.stalled(), 'no phone yielded for the first file: the stall never happened');
    const lines = firstFileLines(lab);
    assert.deepEqual(lines.filter((l) => /claim again/.test(l)), []);
    assert.equal(lines.filter((l) => /@@@HROOT/.test(l)).length, 1, `one root for the first file:\n${lines.join('\n')}`);
  });

  it("a root's DONE counts the phones whose joins arrived while its loop stood still", async () => {
    lab = await startMiniLab({ firstHost: 151, phones: fourPhones });
    // When the root's claim reaches the first phone: the others' placement requests follow
    // it into the root's socket while the loop is blocked, for longer than lingerMs (4000 ms
    // x 0.2), the root's quiet before DONE. The old root took the stall for that quiet and
    // said DONE n=1 before reading them.
    const stall = stallAt(lab, /XID[0-9A-F]{6}00 RxBdcst ClaimRoot\(root\) ROOT=/, 3000);
    lab.powerOnAll();
    await lab.waitAllRunningNewLoad(90_000);
    assert.ok(stall.stalled(), 'no phone heard a root claim for the first file: the stall never happened');
    const lines = firstFileLines(lab);
    const done = lines.filter((l) => /TxBdcst HierDone/.test(l));
    assert.equal(done.length, 1, `one DONE for the first file:\n${lines.join('\n')}`);
    assert.match(done[0] ?? '', / HierDone n=4 /, 'the DONE counts all four phones');
    for (const p of lab.phones) assert.notEqual(p.origins.get('jar41sccp.9-4-2ES26.sbn'), 'tftp-fallback', `${p.name} fell back to TFTP`);
  });
});
