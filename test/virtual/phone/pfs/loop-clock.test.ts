// Phone time (loop-clock.ts): a stall of the event loop counts for little, and a phone-time
// wait that falls due during a stall first reads what arrived meanwhile. The wall clock is
// the test's own (no wall time is asserted); the stall is a real synchronous block of the
// loop, which is what a loaded machine does to the twin's phones.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { afterPhoneTime, LoopClock } from '../../../../labs/virtual/phone/pfs/loop-clock.ts';

/** Blocks the event loop for `ms` (a stalled loop, as on a loaded machine). */
function stallLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // nothing: the point is that nothing else runs
  }
}

describe('virtual phones: phone time', () => {
  it('counts a stall of the loop for at most one step, and steady progress in full', () => {
    let wall = 1000;
    const clock = new LoopClock(() => wall, 50, 0);
    assert.equal(clock.now(), 0);
    for (let i = 0; i < 10; i++) {
      wall += 10;
      clock.now();
    }
    assert.equal(clock.now(), 100, 'ten steps of 10 ms');
    wall += 7000; // the loop did not run for 7 s
    assert.equal(clock.now(), 150, 'a 7 s stall counts for one step of 50 ms');
    wall -= 5; // a wall clock that steps back never runs phone time backwards
    assert.equal(clock.now(), 150);
  });

  it('fires a wait only once its phone time has passed', async () => {
    let phone = 0;
    let fired = false;
    afterPhoneTime(() => phone, 5, () => (fired = true));
    // The wall timer runs out again and again; phone time stands still: no firing.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(fired, false);
    phone = 5;
    while (!fired) await new Promise((r) => setTimeout(r, 5));
  });

  it('reads what arrived during a stall before the wait it stalled decides', async () => {
    const order: string[] = [];
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    sock.on('message', () => order.push('datagram'));
    const clock = new LoopClock(() => performance.now(), 1000, 0);
    const done = new Promise<void>((resolve) =>
      afterPhoneTime(() => clock.now(), 5, () => {
        order.push('wait decided');
        resolve();
      }),
    );
    sock.send('claim', sock.address().port, '127.0.0.1');
    // The wait falls due while the loop is blocked, and the datagram waits in the kernel.
    stallLoop(50);
    await done;
    sock.close();
    assert.deepEqual(order, ['datagram', 'wait decided']);
  });

  it('can be cancelled, also once its wall timer ran', async () => {
    let phone = 0;
    let fired = false;
    const cancel = afterPhoneTime(() => phone, 5, () => (fired = true));
    await new Promise((r) => setTimeout(r, 20));
    cancel();
    phone = 100;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(fired, false);
  });
});
