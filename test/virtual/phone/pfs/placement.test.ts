// The root's placement of joiners (labs/virtual/phone/pfs/placement.ts): breadth first in
// joining order, the same answer to a resent request, and no joiner sent to a phone that left.
import assert from 'node:assert/strict';
import { Placement } from '../../../../labs/virtual/phone/pfs/placement.ts';

const ROOT = '10.20.1.1';
const ip = (n: number) => `10.20.1.${n}`;

describe('virtual phones: the root places joiners', () => {
  it('fills the tree breadth first: two under the root, then two under each phone in joining order', () => {
    const p = new Placement(ROOT, 2);
    const parents = [2, 3, 4, 5, 6, 7, 8].map((n) => p.place(ip(n), 2, 1));
    assert.deepEqual(parents, [ROOT, ROOT, ip(2), ip(2), ip(3), ip(3), ip(4)]);
  });

  it('gives a resent request the same answer, and a new attempt a new place', () => {
    const p = new Placement(ROOT, 2);
    assert.equal(p.place(ip(2), 2, 1), ROOT);
    assert.equal(p.place(ip(2), 2, 1), ROOT, 'the same datagram again');
    assert.equal(p.place(ip(3), 2, 1), ROOT);
    assert.equal(p.place(ip(2), 2, 2), ip(3), 'a rejoin (attempt 2) is placed anew, never under itself');
  });

  it('never places a rejoining relay under its own subtree, where the first free slots are (issue 15)', () => {
    const p = new Placement(ROOT, 2);
    // ROOT <- 2, 3; 2 <- 4, 5; 3 <- 6, 7; then 4 and 5 have the first free slots.
    assert.deepEqual([2, 3, 4, 5, 6, 7].map((n) => p.place(ip(n), 2, 1)), [ROOT, ROOT, ip(2), ip(2), ip(3), ip(3)]);
    p.place(ip(8), 2, 1); // under 4: 2's subtree is 4, 5, 8
    // 2 lost its parent and rejoins: not under 4 (which has a slot left), 5 or 8; under 6.
    assert.equal(p.place(ip(2), 2, 2), ip(6));
    // Its subtree goes with it: 4 rejoins, and is not placed under 8 (its own child).
    assert.equal(p.place(ip(4), 2, 2), ip(5));
  });

  it('honours the slots a joiner offers (a third-child phone takes three)', () => {
    const p = new Placement(ROOT, 3);
    const parents = [2, 3, 4, 5, 6, 7, 8].map((n) => p.place(ip(n), n === 2 ? 3 : 2, 1));
    assert.deepEqual(parents, [ROOT, ROOT, ROOT, ip(2), ip(2), ip(2), ip(3)]);
  });

  it('places nobody under a phone that left or could not be reached', () => {
    const p = new Placement(ROOT, 2);
    p.place(ip(2), 2, 1);
    p.place(ip(3), 2, 1);
    p.gone(ip(2));
    assert.equal(p.place(ip(4), 2, 1), ip(3));
    assert.equal(p.place(ip(5), 2, 1), ip(3));
    assert.equal(p.place(ip(6), 2, 1), ip(4));
  });

  it('takes a phone reported gone back, with all its slots, when it asks again (it rebooted)', () => {
    const p = new Placement(ROOT, 2);
    p.place(ip(2), 2, 1);
    p.place(ip(3), 2, 1);
    p.gone(ip(2));
    assert.equal(p.place(ip(2), 2, 7), ip(3), 'placed anew');
    assert.deepEqual([4, 5, 6].map((n) => p.place(ip(n), 2, 1)), [ip(2), ip(2), ip(3)], 'breadth first: it joined before 3');
  });

  it('counts a phone that joined over TCP without asking', () => {
    const p = new Placement(ROOT, 2);
    p.place(ip(2), 2, 1);
    p.place(ip(3), 2, 1);
    p.joined(ip(9), 2);
    p.joined(ip(2), 2);
    assert.deepEqual([4, 5, 6, 7, 8, 10].map((n) => p.place(ip(n), 2, 1)), [ip(2), ip(2), ip(3), ip(3), ip(9), ip(9)]);
  });

  it('says so when no phone has a slot left', () => {
    const p = new Placement(ROOT, 1);
    assert.equal(p.place(ip(2), 0, 1), ROOT);
    assert.equal(p.place(ip(3), 0, 1), undefined);
  });
});
