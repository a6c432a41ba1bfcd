// What the phones of one process share (labs/virtual/phone/pfs/shared-files.ts): one copy of
// each verified file, and receive memory handed on to the next phone, of any size.
import assert from 'node:assert/strict';
import { SharedFiles } from '../../../../labs/virtual/phone/pfs/shared-files.ts';

describe('virtual phones: files shared within one process', () => {
  it('keeps the first verified copy and gives it to every later phone', () => {
    const shared = new SharedFiles();
    const first = Buffer.from('firmware');
    assert.equal(shared.keep('s1', first), first);
    assert.equal(shared.keep('s1', Buffer.from('firmware')), first);
  });

  it('hands the memory of a redundant received copy to the next receiver, for a file as large or smaller', () => {
    const shared = new SharedFiles();
    shared.keep('s1', Buffer.alloc(300_000, 1));
    const received = shared.take(300_000);
    assert.equal(received.length, 300_000);
    received.fill(1);
    shared.keep('s1', received, true);
    const next = shared.take(100_000);
    assert.equal(next.length, 100_000);
    assert.equal(next.buffer, received.buffer, 'the same memory, reused');
    const another = shared.take(100_000);
    assert.notEqual(another.buffer, received.buffer, 'spare memory is handed out once');
  });

  it('never hands out memory that holds a kept file', () => {
    const shared = new SharedFiles();
    const received = shared.take(200_000);
    assert.equal(shared.keep('s2', received, true), received, 'the first copy is kept');
    assert.notEqual(shared.take(200_000).buffer, received.buffer);
  });
});
