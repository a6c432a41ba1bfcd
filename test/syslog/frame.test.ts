// The syslog grammar (harness/evidence/syslog/frame.ts), one production at a time: what
// each framing yields, and the inputs that must NOT be read as that framing.
import assert from 'node:assert/strict';
import { parseSyslogDatagram } from '../../harness/evidence/syslog/index.ts';
import type { SyslogFrame } from '../../harness/evidence/syslog/index.ts';

function frame(text: string | Buffer): SyslogFrame {
  const r = parseSyslogDatagram(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
  assert.ok(r.ok, `expected a syslog frame, got: ${r.ok ? '' : r.reason}`);
  return r.frame;
}

describe('syslog framing (RFC 5424 / RFC 3164)', function () {
  describe('RFC 5424', function () {
    it('reads every header field and keeps the message whole', function () {
      const f = frame('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 123 ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application  event\tlog entry');
      assert.deepEqual(f, {
        framing: 'rfc5424',
        pri: 165,
        facility: 20,
        severity: 5,
        timestamp: '2003-10-11T22:14:15.003Z',
        host: 'mymachine.example.com',
        appName: 'evntslog',
        procId: '123',
        msgId: 'ID47',
        structuredData: '[exampleSDID@32473 iut="3" eventSource="Application"]',
        message: 'An application  event\tlog entry',
      });
    });

    it('takes "-" as absent, strips the BOM, allows no MSG', function () {
      const f = frame('<34>1 - - - - - - \ufeffNOT 11:24:37.120301 Main: Power on');
      assert.equal(f.framing, 'rfc5424');
      assert.equal(f.host, undefined);
      assert.equal(f.timestamp, undefined);
      assert.equal(f.message, 'NOT 11:24:37.120301 Main: Power on');
      assert.equal(frame('<34>1 2026-12-06T11:24:37+01:00 host app 1 - -').message, '');
    });

    it('reads escaped quotes and brackets inside SD values, and several SD elements', function () {
      const f = frame('<13>1 - h a p m [x@1 k="a\\"b\\]c"][y@2 z="1"] msg');
      assert.equal(f.structuredData, '[x@1 k="a\\"b\\]c"][y@2 z="1"]');
      assert.equal(f.message, 'msg');
    });

    it('a header that breaks the grammar is not RFC 5424 (then RFC 3164 without header, message kept)', function () {
      for (const bad of ['<13>1 yesterday h a p m - msg', '<13>1 - h a p m [unterminated msg', '<13>1 - h a p m -msg', `<13>1 - ${'a'.repeat(49)} a p - msg`]) {
        const f = frame(bad);
        assert.equal(f.framing, 'rfc3164', bad);
        assert.equal(f.host, undefined, bad);
        assert.equal(f.message, bad.slice(4), bad);
      }
    });
  });

  describe('RFC 3164', function () {
    it('reads PRI, TIMESTAMP (space-padded day) and HOSTNAME; TAG stays in MSG', function () {
      const f = frame('<134>Dec  6 11:24:37 SEP0250F5A10001 NOT 11:24:37.120301 Main: Power on');
      assert.deepEqual(f, { framing: 'rfc3164', pri: 134, facility: 16, severity: 6, timestamp: 'Dec  6 11:24:37', host: 'SEP0250F5A10001', message: 'NOT 11:24:37.120301 Main: Power on' });
      assert.equal(frame('<13>Oct 11 22:14:15 mymachine su: \'su root\' failed').message, "su: 'su root' failed");
    });

    it('without a valid timestamp, everything after PRI is the message (Cisco IOS style)', function () {
      const f = frame('<189>12: *Mar  1 00:00:12.345: %SYS-5-CONFIG_I: Configured');
      assert.equal(f.framing, 'rfc3164');
      assert.equal(f.host, undefined);
      assert.equal(f.message, '12: *Mar  1 00:00:12.345: %SYS-5-CONFIG_I: Configured');
      assert.equal(frame('<13>Foo  6 11:24:37 h m').host, undefined);
    });

    it('drops trailing LF, CR and NUL only', function () {
      assert.equal(frame('<13>Dec  6 11:24:37 h  two  spaces \r\n\0').message, ' two  spaces ');
    });

    it('keeps Latin-1 bytes that are not UTF-8', function () {
      assert.equal(frame(Buffer.from([...Buffer.from('<13>Dec  6 11:24:37 h caf'), 0xe9])).message, 'café');
    });
  });

  describe('not syslog', function () {
    it('PRI out of range or with a leading zero is not a PRI', function () {
      assert.equal(frame('<192>Dec  6 11:24:37 h m').framing, 'raw');
      assert.equal(frame('<013>Dec  6 11:24:37 h m').framing, 'raw');
    });

    it('text without PRI is kept as raw; binary and empty datagrams are refused', function () {
      assert.deepEqual(frame('INF 11:24:37.1 Main: bare line'), { framing: 'raw', message: 'INF 11:24:37.1 Main: bare line' });
      const bin = parseSyslogDatagram(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01]));
      assert.deepEqual(bin, { ok: false, reason: 'not text and no <PRI>' });
      assert.equal(parseSyslogDatagram(Buffer.alloc(0)).ok, false);
      assert.equal(parseSyslogDatagram(Buffer.from('\n')).ok, false);
    });
  });
});
