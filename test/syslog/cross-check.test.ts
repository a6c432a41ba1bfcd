// The syslog / console-log cross-check: a line in one and not in the other is reported with
// its file and line; what lies outside the span both cover is counted, not compared; a phone
// with only one of the two is "not compared", never "agrees".
import assert from 'node:assert/strict';
import { parseConsoleLog } from '../../harness/evidence/console/index.ts';
import { agrees, crossCheckPhone, renderCrossCheck } from '../../harness/evidence/syslog/index.ts';

const L = (n: number, text = `line ${n}`) => `NOT 10:00:${String(n).padStart(2, '0')}.000001 Main: ${text}`;
const log = (file: string, lines: string[]) => parseConsoleLog(lines.join('\n'), file);

describe('syslog vs console log cross-check', function () {
  it('agrees when both hold the same lines', function () {
    const r = crossCheckPhone('SEP1', log('s', [L(1), L(2), L(3)]), log('c', [L(1), L(2), L(3)]));
    assert.ok(agrees(r));
    assert.equal(r.common, 3);
  });

  it('reports a line missing in syslog and one missing in the console log, with file and line', function () {
    const r = crossCheckPhone('SEP1', log('sys.log', [L(1), L(3), L(9, 'only in syslog'), L(4)]), log('con.log', [L(1), L(2), L(3), L(4)]));
    assert.ok(!agrees(r));
    assert.deepEqual(r.missingInSyslog.map((x) => [x.file, x.line, x.text]), [['con.log', 2, L(2)]]);
    assert.deepEqual(r.missingInConsole.map((x) => [x.file, x.line, x.text]), [['sys.log', 3, L(9, 'only in syslog')]]);
  });

  it('a line written twice must arrive twice', function () {
    const r = crossCheckPhone('SEP1', log('s', [L(1), L(2), L(3)]), log('c', [L(1), L(2), L(2), L(3)]));
    assert.deepEqual(r.missingInSyslog.map((x) => x.line), [3]);
  });

  it('counts what lies before and after the common span, without calling it agreement or difference', function () {
    // The web copy started later (its first lines are the syslog's 3rd); syslog stopped earlier.
    const r = crossCheckPhone('SEP1', log('s', [L(1), L(2), L(3), L(4)]), log('c', [L(3), L(4), L(5), L(6)]));
    assert.ok(agrees(r));
    assert.deepEqual(r.notCompared, { consoleBefore: 0, consoleAfter: 2, syslogBefore: 2, syslogAfter: 0 });
    assert.match(renderCrossCheck([r]), /not compared \(outside the common span\): console 0 before \/ 2 after, syslog 2 before \/ 0 after/);
  });

  it('one side missing, or nothing in common, is not compared, never agreement', function () {
    assert.equal(crossCheckPhone('SEP1', undefined, log('c', [L(1)])).problem, 'no syslog line from this phone');
    assert.equal(crossCheckPhone('SEP1', log('s', []), log('c', [L(1)])).problem, 'no syslog line from this phone');
    const none = crossCheckPhone('SEP1', log('s', [L(1)]), log('c', [L(2)]));
    assert.equal(none.problem, 'the syslog stream and the console log have no line in common');
    assert.ok(!agrees(none));
  });

  it('escapes what it prints: no control character of a phone reaches the terminal', function () {
    const r = crossCheckPhone('SEP1', log('s', [L(1), L(2, 'evil \x1b[2J\x07\x9b text'), L(3)]), log('c', [L(1), L(3)]));
    const text = renderCrossCheck([r]);
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text), text);
    assert.match(text, /evil \\x1b\[2J\\x07\\x9b text/);
  });
});
