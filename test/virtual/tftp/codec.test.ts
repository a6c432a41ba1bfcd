// The TFTP codec, option negotiation and netascii, without sockets.
import assert from 'node:assert/strict';
import { fromNetascii, toNetascii } from '../../../labs/virtual/tftp/netascii.ts';
import type { NegotiationInput } from '../../../labs/virtual/tftp/options.ts';
import { negotiateOptions } from '../../../labs/virtual/tftp/options.ts';
import { decodePacket, encodeAck, encodeData, encodeError, encodeOack, encodeRequest } from '../../../labs/virtual/tftp/packets.ts';

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('TFTP packets', () => {
  it('decodes an RRQ with options, names lower-cased, values as sent', () => {
    const msg = bytes([0, 1], 'SEP001122334455.cnf.xml\0', 'OCTET\0', 'BlkSize\0', '1428\0', 'tsize\0', '0\0');
    assert.deepEqual(decodePacket(msg), {
      op: 'rrq',
      file: 'SEP001122334455.cnf.xml',
      mode: 'octet',
      options: [
        ['blksize', '1428'],
        ['tsize', '0'],
      ],
    });
  });

  it('tolerates one trailing NUL after the options', () => {
    const msg = bytes([0, 1], 'f\0', 'octet\0', 'blksize\0', '1428\0', '\0');
    assert.deepEqual(decodePacket(msg), { op: 'rrq', file: 'f', mode: 'octet', options: [['blksize', '1428']] });
  });

  it('calls requests malformed when a string is unterminated, the name empty or an option has no value', () => {
    assert.equal(decodePacket(bytes([0, 1], 'file\0', 'octet')).op, 'malformed');
    assert.equal(decodePacket(bytes([0, 2], '\0', 'octet\0')).op, 'malformed');
    assert.equal(decodePacket(bytes([0, 1], 'file\0')).op, 'malformed');
    assert.equal(decodePacket(bytes([0, 1], 'file\0', 'octet\0', 'blksize\0', '1428\0', 'tsize\0')).op, 'malformed');
    assert.equal(decodePacket(bytes([0, 9], 'x')).op, 'malformed');
    assert.equal(decodePacket(bytes([0])).op, 'malformed');
  });

  it('round-trips DATA, ACK, ERROR and OACK, with block numbers wrapped to 16 bits', () => {
    assert.deepEqual(decodePacket(encodeData(65536 + 7, Buffer.from('abc'))), { op: 'data', block: 7, payload: Buffer.from('abc') });
    assert.deepEqual(decodePacket(encodeAck(65535)), { op: 'ack', block: 65535 });
    assert.deepEqual(decodePacket(encodeAck(65536)), { op: 'ack', block: 0 });
    assert.deepEqual(decodePacket(encodeError(1, 'File not found')), { op: 'error', code: 1, message: 'File not found' });
    assert.deepEqual(decodePacket(encodeOack([['blksize', '1428'], ['tsize', '99']])), {
      op: 'oack',
      options: [
        ['blksize', '1428'],
        ['tsize', '99'],
      ],
    });
    assert.deepEqual(encodeRequest('wrq', 'a', 'octet'), bytes([0, 2], 'a\0octet\0'));
    assert.deepEqual(encodeError(5, 'Unknown transfer ID'), bytes([0, 5, 0, 5], 'Unknown transfer ID\0'));
  });
});

describe('TFTP option negotiation', () => {
  const limits = { maxBlockSize: 65464, maxWindowSize: 64, maxWriteSize: 1000 };
  const read = (requested: [string, string][], more: Partial<NegotiationInput> = {}) => negotiateOptions({ kind: 'read', requested, fileSize: 3157527, limits, ...more });

  it('grants blksize, timeout, tsize (with the real size) and windowsize in the order asked, and drops unknown options', () => {
    const n = read([
      ['windowsize', '8'],
      ['multicast', ''],
      ['blksize', '1428'],
      ['tsize', '0'],
      ['timeout', '3'],
    ]);
    assert.ok(n.ok);
    assert.deepEqual(n.granted, [
      ['windowsize', '8'],
      ['blksize', '1428'],
      ['tsize', '3157527'],
      ['timeout', '3'],
    ]);
    assert.equal(n.blockSize, 1428);
    assert.equal(n.windowSize, 8);
    assert.equal(n.timeoutMs, 3000);
  });

  it('answers an RRQ without known options with nothing to acknowledge', () => {
    const n = read([['foo', 'bar']]);
    assert.ok(n.ok);
    assert.deepEqual(n.granted, []);
    assert.equal(n.blockSize, 512);
    assert.equal(n.windowSize, 1);
  });

  it('caps blksize and windowsize at the server limits (RFC 2348, RFC 7440 allow a smaller answer)', () => {
    const n = read([
      ['blksize', '70000'],
      ['windowsize', '1000'],
    ]);
    assert.ok(n.ok);
    assert.deepEqual(n.granted, [
      ['blksize', '65464'],
      ['windowsize', '64'],
    ]);
    const small = negotiateOptions({ kind: 'read', requested: [['blksize', '1468']], fileSize: 1, limits: { ...limits, maxBlockSize: 1024 } });
    assert.ok(small.ok);
    assert.equal(small.blockSize, 1024);
  });

  it('accepts any tsize value in an RRQ (atftp sends "enable") and answers with the size', () => {
    const n = read([['tsize', 'enable']]);
    assert.ok(n.ok);
    assert.deepEqual(n.granted, [['tsize', '3157527']]);
  });

  for (const [name, value] of [
    ['blksize', '7'],
    ['blksize', 'big'],
    ['timeout', '0'],
    ['timeout', '256'],
    ['windowsize', '0'],
    ['windowsize', '65536'],
    ['windowsize', '-1'],
  ] as const) {
    it(`refuses ${name}=${value} with error 8`, () => {
      const n = read([[name, value]]);
      assert.equal(n.ok, false);
      assert.ok(!n.ok && n.code === 8 && n.message.includes(name), JSON.stringify(n));
    });
  }

  it('refuses an option given twice with error 8', () => {
    const n = read([
      ['blksize', '1024'],
      ['blksize', '1428'],
    ]);
    assert.ok(!n.ok && n.code === 8 && /twice/.test(n.message));
  });

  it('echoes a WRQ tsize, and refuses one over the upload limit with error 3', () => {
    const ok = negotiateOptions({ kind: 'write', requested: [['tsize', '999']], limits });
    assert.ok(ok.ok);
    assert.equal(ok.announcedSize, 999);
    assert.deepEqual(ok.granted, [['tsize', '999']]);
    const big = negotiateOptions({ kind: 'write', requested: [['tsize', '1001']], limits });
    assert.ok(!big.ok && big.code === 3);
  });
});

describe('netascii', () => {
  it('sends LF as CR LF and a bare CR as CR NUL, and reads them back', () => {
    const unix = Buffer.from('a\nb\rc\r\n', 'latin1');
    const wire = toNetascii(unix);
    assert.deepEqual(wire, Buffer.from('a\r\nb\r\0c\r\0\r\n', 'latin1'));
    assert.deepEqual(fromNetascii(wire), unix);
  });

  it('leaves content without CR or LF as it is', () => {
    const b = Buffer.from('plain');
    assert.equal(toNetascii(b), b);
  });
});
