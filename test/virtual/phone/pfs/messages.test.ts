// The placement datagrams of the virtual lab's PFS wire format (WIRE-FORMAT.md): written and
// read back, and what a garbled one reads as.
import assert from 'node:assert/strict';
import {
  decodeDone,
  decodeHeader,
  decodeJoinRequest,
  decodeLeave,
  decodePlace,
  decodeTally,
  encodeDone,
  encodeHeader,
  encodeJoinRequest,
  encodeLeave,
  encodePlace,
  encodeTally,
} from '../../../../labs/virtual/phone/pfs/messages.ts';

describe('virtual phones: placement datagrams', () => {
  it('JOIN carries slots, try and the lost parent', () => {
    const join = { verb: 'JOIN', xid: 'XIDA1001500', model: 'CP-7961G', file: 'jar41sccp.9-4-2ES26.sbn', slots: 3, attempt: 2, lost: '10.20.1.7' } as const;
    const bytes = encodeJoinRequest(join);
    assert.equal(bytes.toString('latin1'), 'PPID/1 JOIN xid=XIDA1001500 model=CP-7961G file=jar41sccp.9-4-2ES26.sbn slots=3 try=2 lost=10.20.1.7\n');
    assert.deepEqual(decodeJoinRequest(bytes), join);
    const { lost: _lost, ...first } = join;
    assert.deepEqual(decodeJoinRequest(encodeJoinRequest(first)), first);
  });

  it('PLACE and LEAVE read back', () => {
    const place = { verb: 'PLACE', xid: 'XIDA1001500', file: 'cnu41.9-4-2ES26.sbn', parent: '10.20.1.9' } as const;
    assert.deepEqual(decodePlace(encodePlace(place)), place);
    // The answer names the request it answers (its try), so that a joiner can drop a stale one.
    const answer = { ...place, attempt: 1611457673 };
    assert.deepEqual(decodePlace(encodePlace(answer)), answer);
    assert.match(encodePlace(answer).toString(), / try=1611457673\n$/);
    const leave = { verb: 'LEAVE', xid: 'XIDA1001501', file: 'cnu41.9-4-2ES26.sbn' } as const;
    assert.deepEqual(decodeLeave(encodeLeave(leave)), leave);
  });

  it('a JOIN datagram without its try, or of another verb, is not a placement request', () => {
    assert.equal(decodeJoinRequest(Buffer.from('PPID/1 JOIN xid=X model=M file=F slots=2\n')), undefined);
    assert.equal(decodeJoinRequest(Buffer.from('PPID/1 PLACE xid=X file=F parent=10.0.0.1\n')), undefined);
    assert.equal(decodePlace(Buffer.from('PPID/1 PLACE xid=X file=F\n')), undefined);
  });

  it('TALLY asks without a count and answers with one; DONE carries the count', () => {
    const ask = { verb: 'TALLY', xid: 'XIDA1001500', file: 'jar41sccp.9-4-2ES26.sbn' } as const;
    assert.equal(encodeTally(ask).toString('latin1'), 'PPID/1 TALLY xid=XIDA1001500 file=jar41sccp.9-4-2ES26.sbn\n');
    assert.deepEqual(decodeTally(encodeTally(ask)), ask);
    const answer = { ...ask, n: 1000 };
    assert.deepEqual(decodeTally(encodeTally(answer)), answer);
    const done = { verb: 'DONE', xid: 'XIDA1001504', file: 'cvm41sccp.9-4-2ES26.sbn', n: 21 } as const;
    assert.equal(encodeDone(done).toString('latin1'), 'PPID/1 DONE xid=XIDA1001504 file=cvm41sccp.9-4-2ES26.sbn n=21\n');
    assert.deepEqual(decodeDone(encodeDone(done)), done);
  });

  it('a garbled count makes a TALLY answer or a DONE unreadable (never a count of zero)', () => {
    assert.equal(decodeTally(Buffer.from('PPID/1 TALLY xid=X file=F n=lots\n')), undefined);
    assert.equal(decodeTally(Buffer.from('PPID/1 TALLY xid=X file=F n=-3\n')), undefined);
    assert.equal(decodeDone(Buffer.from('PPID/1 DONE xid=X file=F\n')), undefined);
    assert.equal(decodeDone(Buffer.from('PPID/1 DONE xid=X file=F n=1.5\n')), undefined);
    assert.equal(decodeDone(Buffer.from('PPID/1 TALLY xid=X file=F n=3\n')), undefined);
  });

  it('the TCP JOIN header says how many children the joiner takes (two when absent or garbled)', () => {
    const line = (h: Buffer) => h.toString('latin1').trimEnd();
    assert.deepEqual(decodeHeader(line(encodeHeader({ verb: 'JOIN', xid: 'X', model: 'M', file: 'F', slots: 3 }))), { verb: 'JOIN', xid: 'X', model: 'M', file: 'F', slots: 3 });
    assert.equal((decodeHeader('PPID/1 JOIN xid=X model=M file=F') as { slots: number }).slots, 2);
    assert.equal((decodeHeader('PPID/1 JOIN xid=X model=M file=F slots=99') as { slots: number }).slots, 2);
  });
});
