// `pfslab analyze --syslog`: pfslab's syslog evidence read like a console log (the published
// root log, sent line by line), cross-checked with the web-collected console log, and bad
// evidence files refused with file, line and field.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseConsoleLog } from '../../harness/evidence/console/index.ts';
import { linesOf } from '../../harness/evidence/syslog/index.ts';
import { EVIDENCE_COLUMNS, EVIDENCE_MAGIC, formatEvidenceLine } from '../../harness/evidence/syslog/evidence-line.ts';
import { REPO_ROOT, runCli, tempDirPerSuite } from './run-cli.ts';

const FIXTURE_LOG = path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'root-phone-console.as-published.log');

/** An evidence file as the receiver writes it: each line one RFC 3164 datagram from the phone. */
function evidence(lines: readonly string[], from = '10.106.117.68'): string {
  const body = lines.map((l, i) => formatEvidenceLine({ receivedAt: `2026-12-06T02:19:${String(20 + (i % 30)).padStart(2, '0')}.000Z`, source: `${from}:49152`, framing: 'rfc3164', cut: false, datagram: `<189>Dec  6 02:19:22 SEP0011223344AA ${l}` }));
  return `${EVIDENCE_MAGIC}: SEP0011223344AA (lab phone, from ${from})\n${EVIDENCE_COLUMNS}\n${body.join('')}`;
}

describe('pfslab analyze --syslog', function () {
  this.timeout(120_000);
  const tmp = tempDirPerSuite('pfslab-analyze-syslog-');
  let published: string[];

  before(async () => {
    // One datagram per record, as a phone sends them (the excerpt's wrapped lines are whole again).
    published = linesOf(parseConsoleLog(await readFile(FIXTURE_LOG, 'utf8'), 'fixture')).map((l) => l.text);
  });

  it('reads the root from the syslog stream alone, as from a console log', async () => {
    const file = path.join(tmp(), 'SEP0011223344AA.syslog.log');
    await writeFile(file, evidence(published));
    const r = await runCli(['analyze', '--syslog', file, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { logRoots: { file: string; rootIp: string; line: number }[]; syslogCrossCheck: { problem?: string }[] };
    assert.deepEqual(report.logRoots.map((l) => [l.file, l.rootIp]), [['SCCP41.9-4-2SR2-2S.loads', '10.106.117.68']]);
    assert.equal(report.syslogCrossCheck[0]?.problem, 'no console log line from this phone');
  });

  it('cross-checks with the console log: a line missing from syslog is named with its file and line', async () => {
    const dir = path.join(tmp(), 'x');
    await mkdir(path.join(dir, 'logs', '10.106.117.68'), { recursive: true });
    await mkdir(path.join(dir, 'syslog'), { recursive: true });
    const lost = published[5] ?? '';
    await writeFile(path.join(dir, 'logs', '10.106.117.68', 'log0.log'), `${published.join('\n')}\n`);
    await writeFile(path.join(dir, 'syslog', 'SEP0011223344AA.syslog.log'), evidence(published.filter((_, i) => i !== 5)));
    const r = await runCli(['analyze', '--logs', path.join(dir, 'logs'), '--syslog', path.join(dir, 'syslog')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Syslog stream vs console logs/);
    assert.match(r.stdout, /10\.106\.117\.68: DISAGREE: \d+ line\(s\) in both, 1 only in the console log, 0 only in syslog/);
    assert.ok(r.stdout.includes(`missing in syslog: ${path.join(dir, 'logs', '10.106.117.68', 'log0.log')}:6: ${lost}`), r.stdout);
  });

  it('a broken evidence file: exit 2, naming file, line and field', async () => {
    const file = path.join(tmp(), 'broken.syslog.log');
    await writeFile(file, `${evidence(published.slice(0, 2))}2026-12-06T02:19:22.000Z\tnot-an-address\trfc3164\t<13>x\n`);
    const r = await runCli(['analyze', '--syslog', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /broken\.syslog\.log:5: source: expected address:port, got "not-an-address"/);
    const notEvidence = path.join(tmp(), 'plain.syslog.log');
    await writeFile(notEvidence, 'hello\n');
    const r2 = await runCli(['analyze', '--syslog', notEvidence]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /plain\.syslog\.log:1: not a pfslab syslog evidence file/);
  });
});
