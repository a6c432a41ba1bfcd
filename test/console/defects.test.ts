// One damage class at a time, on small inputs: what the parser recovers and which repair
// it reports. The rules are general (see harness/evidence/console/assembler.ts), so the
// inputs here deliberately differ from the published excerpt.
import assert from 'node:assert/strict';
import { RAW_REASONS, parseConsoleLog } from '../../harness/evidence/console/index.ts';
import type { ConsoleRecord, ParsedConsoleLog } from '../../harness/evidence/console/index.ts';
import { lineAccountingProblems, sourceLineCount } from './helpers/line-accounting.ts';

function parse(lines: readonly string[], eol = '\n'): ParsedConsoleLog {
  const text = lines.join(eol);
  const parsed = parseConsoleLog(text, 'inline');
  assert.deepEqual(lineAccountingProblems(parsed, sourceLineCount(text)), []);
  return parsed;
}

type Brief = Pick<ConsoleRecord, 'line' | 'endLine' | 'level' | 'time' | 'task' | 'text' | 'repairs'>;

function brief(r: ConsoleRecord): Brief {
  return { line: r.line, endLine: r.endLine, level: r.level, time: r.time, task: r.task, text: r.text, repairs: r.repairs };
}

function only(parsed: ParsedConsoleLog): Brief {
  assert.equal(parsed.records.length, 1, JSON.stringify(parsed, null, 1));
  const record = parsed.records[0];
  assert.ok(record);
  return brief(record);
}

describe('console defects: each published damage class, in general form', () => {
  describe('a clean record', () => {
    it('reads level, time, micros, task and text', () => {
      const parsed = parse(['ERR 23:59:59.999999 SCCP: socket closed: fd=12']);
      const record = parsed.records[0];
      assert.ok(record);
      assert.deepEqual(brief(record), {
        line: 1, endLine: 1, level: 'ERR', time: '23:59:59.999999', task: 'SCCP', text: 'socket closed: fd=12', repairs: [],
      });
      assert.equal(record.timeMicros, 86_399_999_999);
      assert.equal(record.kind, 'record');
      assert.equal(record.index, 0);
    });

    it('scales a fraction shorter than six digits and keeps an empty text', () => {
      const parsed = parse(['WRN 00:00:01.5 Tftp:']);
      assert.equal(parsed.records[0]?.timeMicros, 1_500_000);
      assert.equal(parsed.records[0]?.text, '');
    });
  });

  describe('stray double quotes', () => {
    it('drops a quote before the level and one after the last word', () => {
      assert.deepEqual(only(parse(['"WRN 01:00:00.000001 Tftp: retry 3"'])), {
        line: 1, endLine: 1, level: 'WRN', time: '01:00:00.000001', task: 'Tftp', text: 'retry 3', repairs: ['stray-quote'],
      });
    });

    it('drops a lone closing quote and the blank before it', () => {
      assert.equal(only(parse(['DBG 01:00:00.000001 Tftp: size=12 "'])).text, 'size=12');
    });

    it('drops an opening quote even when the record has no closing one', () => {
      const record = only(parse(['"NOT 01:00:00.000001 Tftp: opened']));
      assert.equal(record.text, 'opened');
      assert.deepEqual(record.repairs, ['stray-quote']);
    });

    it('keeps balanced quotes that belong to the text, even across a wrap', () => {
      const record = only(parse(['NOT 01:00:00.000001 Tftp: file "a', 'b.sbn" not found']));
      assert.equal(record.text, 'file "a b.sbn" not found');
      assert.deepEqual(record.repairs, ['joined-wrap']);
    });

    it('drops the quote that closes a wrapped record on its last line', () => {
      const record = only(parse(['"DBG 01:00:00.000001 Tftp: first half', 'second half "']));
      assert.equal(record.text, 'first half second half');
      assert.deepEqual(record.repairs, ['stray-quote', 'joined-wrap']);
    });

    it('leaves a quoted line that is not a record as raw text, quote included', () => {
      const parsed = parse(['"just some words"']);
      assert.deepEqual(parsed.raw, [{ kind: 'raw', line: 1, text: '"just some words"', reason: RAW_REASONS.noHeader }]);
    });
  });

  describe('records wrapped onto the next lines', () => {
    it('joins continuation lines with one blank and spans them in line..endLine', () => {
      const parsed = parse([
        'NOT 01:00:00.000001 Tftp: one',
        'INF 01:00:00.000002 Tftp: two',
        'three',
        'four',
        'NOT 01:00:00.000003 Tftp: five',
      ]);
      assert.deepEqual(parsed.records.map(brief), [
        { line: 1, endLine: 1, level: 'NOT', time: '01:00:00.000001', task: 'Tftp', text: 'one', repairs: [] },
        { line: 2, endLine: 4, level: 'INF', time: '01:00:00.000002', task: 'Tftp', text: 'two three four', repairs: ['joined-wrap'] },
        { line: 5, endLine: 5, level: 'NOT', time: '01:00:00.000003', task: 'Tftp', text: 'five', repairs: [] },
      ]);
    });

    it('does not join across a blank line, which stays as raw', () => {
      const parsed = parse(['NOT 01:00:00.000001 Tftp: one', '', 'orphan']);
      assert.equal(parsed.records[0]?.text, 'one');
      assert.deepEqual(
        parsed.raw.map((r) => [r.line, r.reason]),
        [
          [2, RAW_REASONS.blank],
          [3, RAW_REASONS.noHeader],
        ],
      );
    });

    it('keeps lines before the first record as raw', () => {
      const parsed = parse(['boot banner', 'NOT 01:00:00.000001 Tftp: one']);
      assert.deepEqual(parsed.raw.map((r) => [r.line, r.text]), [[1, 'boot banner']]);
      assert.equal(parsed.records[0]?.line, 2);
    });

    it('does not take a cut record header for a continuation', () => {
      const parsed = parse(['NOT 01:00:00.000001 Tftp: one', 'INF 01:00:0', 'DBG 01:00:00.000002 Tftp']);
      assert.equal(parsed.records[0]?.text, 'one');
      assert.deepEqual(parsed.raw.map((r) => [r.line, r.reason]), [
        [2, RAW_REASONS.cutHeader],
        [3, RAW_REASONS.cutHeader],
      ]);
    });

    it('does not take an impossible time of day for a header', () => {
      const parsed = parse(['NOT 24:00:00.000000 Tftp: midnight?']);
      assert.equal(parsed.records.length, 0);
      assert.equal(parsed.raw[0]?.reason, RAW_REASONS.cutHeader);
    });
  });

  describe('records glued together', () => {
    it('splits a level glued to the end of a line off to the bare-timestamp line after it', () => {
      const parsed = parse(['DBG 05:00:00.000001 Tftp: got blockWRN', '05:00:00.000002 Tftp: late block', 'NOT 05:00:00.000003 Tftp: x']);
      assert.deepEqual(parsed.records.map(brief).slice(0, 2), [
        { line: 1, endLine: 1, level: 'DBG', time: '05:00:00.000001', task: 'Tftp', text: 'got block', repairs: ['split-glued'] },
        { line: 2, endLine: 2, level: 'WRN', time: '05:00:00.000002', task: 'Tftp', text: 'late block', repairs: ['split-glued'] },
      ]);
    });

    it('splits the level off the last line of a wrapped record', () => {
      const parsed = parse(['DBG 05:00:00.000001 Tftp: a', 'b ERR', '05:00:00.000002 Tftp: c']);
      assert.deepEqual(parsed.records.map((r) => [r.level, r.text, r.line, r.endLine, r.repairs]), [
        ['DBG', 'a b', 1, 2, ['joined-wrap', 'split-glued']],
        ['ERR', 'c', 3, 3, ['split-glued']],
      ]);
    });

    it('keeps a level-like word when the next line is an ordinary record', () => {
      const parsed = parse(['DBG 05:00:00.000001 Tftp: state NOT', 'INF 05:00:00.000002 Tftp: next']);
      assert.equal(parsed.records[0]?.text, 'state NOT');
      assert.deepEqual(parsed.records[0]?.repairs, []);
    });

    it('keeps a bare-timestamp line as raw when nothing is glued before it', () => {
      const parsed = parse(['DBG 05:00:00.000001 Tftp: no level here', '05:00:00.000002 Tftp: orphan']);
      assert.equal(parsed.records.length, 1);
      assert.deepEqual(parsed.raw, [
        { kind: 'raw', line: 2, text: '05:00:00.000002 Tftp: orphan', reason: RAW_REASONS.noLevel },
      ]);
    });

    it('does not take a two-letter tail (the NF of CONF) for a glued level', () => {
      const parsed = parse(['DBG 05:00:00.000001 Tftp: CONF', '05:00:00.000002 Tftp: orphan']);
      assert.equal(parsed.records[0]?.text, 'CONF');
      assert.equal(parsed.raw[0]?.reason, RAW_REASONS.noLevel);
    });
  });

  describe('levels that lost their first letter', () => {
    it('reads NF as INF (and each other two-letter tail as its level)', () => {
      const parsed = parse([
        'NF 01:00:00.000001 T: a',
        'BG 01:00:00.000002 T: b',
        'OT 01:00:00.000003 T: c',
        'RR 01:00:00.000004 T: d',
        'RN 01:00:00.000005 T: e',
      ]);
      assert.deepEqual(parsed.records.map((r) => [r.level, r.repairs]), [
        ['INF', ['truncated-level']],
        ['DBG', ['truncated-level']],
        ['NOT', ['truncated-level']],
        ['ERR', ['truncated-level']],
        ['WRN', ['truncated-level']],
      ]);
    });
  });

  describe('line endings and odd characters', () => {
    it('reads CRLF (and CR CR LF) the same as LF', () => {
      const lines = ['"NOT 01:00:00.000001 Tftp: one', 'wrapped "', 'INF 01:00:00.000002 Tftp: two'];
      const lf = parse(lines, '\n');
      assert.deepEqual(parse(lines, '\r\n'), lf);
      assert.deepEqual(parse(lines, '\r\r\n'), lf);
      assert.deepEqual(parse([...lines, ''], '\r\n'), lf);
    });

    it('counts lines with NULs or other control bytes as unreadable, by number', () => {
      const parsed = parse(['NOT 01:00:00.000001 Tftp: one', '\u0000\u0000\u0001', 'x\u007fy', 'INF 01:00:00.000002 Tftp: two']);
      assert.deepEqual(parsed.unreadable, { count: 2, lines: [2, 3] });
      assert.equal(parsed.records[0]?.endLine, 1);
    });

    it('keeps a record whose header is whole even if its text carries odd bytes', () => {
      const record = only(parse(['NOT 01:00:00.000001 Tftp: a\u0000b']));
      assert.equal(record.text, 'a\u0000b');
    });

    it('reads a huge line without trouble', () => {
      const long = 'x'.repeat(2_000_000);
      assert.equal(only(parse([`NOT 01:00:00.000001 Tftp: ${long}`, long])).text.length, 4_000_001);
    });

    it('gives an empty result for empty text', () => {
      assert.deepEqual(parseConsoleLog('', 'empty'), {
        source: 'empty', records: [], raw: [], unreadable: { count: 0, lines: [] }, events: [],
      });
    });
  });
});
