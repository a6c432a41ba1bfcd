// The small parts of the pipeline that the end-to-end test does not reach.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Globals, TestResult, TestResultContainer } from 'allure-js-commons';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import { secretRegistry } from '../../harness/lab/index.ts';
import { RedactingWriter } from '../../harness/run/report/redacting-writer.ts';
import { allureIsActive, attachFile, attachJson, attachText, LAB_PROBLEM, mochaReporterArgs, renderSummary, REPORTER_MODULE, resultPaths, summarizeResults } from '../../harness/run/report/index.ts';
import { stripAnalytics } from '../../harness/run/report/offline-html.ts';

describe('report helpers', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'pfslab-report-helpers-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('mochaReporterArgs: the reporter by absolute path and the run directory as its one option', () => {
    assert.deepEqual(mochaReporterArgs('/runs/2026-11-24'), ['--reporter', REPORTER_MODULE, '--reporter-option', 'runDir=/runs/2026-11-24']);
    assert.ok(path.isAbsolute(REPORTER_MODULE));
    assert.deepEqual(resultPaths('/runs/a'), { allureResults: '/runs/a/allure-results', junitXml: '/runs/a/junit.xml' });
  });

  it('mochaReporterArgs refuses a path mocha would cut at "," or "="', () => {
    assert.throws(() => mochaReporterArgs('/runs/a,b'), /cannot carry/);
    assert.throws(() => mochaReporterArgs('/runs/a=b'), /cannot carry/);
  });

  it('attach* outside an Allure run: no runtime, no throw, nothing printed', async () => {
    assert.equal(allureIsActive(), false);
    const file = path.join(tmp, 'x.log');
    await writeFile(file, 'log line\n');
    const printed: unknown[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void printed.push(args);
    try {
      await attachText('t', 'text');
      await attachJson('j', { a: 1 });
      await attachFile('f', file, 'text/plain');
      await attachFile('missing', path.join(tmp, 'none.pcap'), 'application/vnd.tcpdump.pcap');
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, []);
  });

  it('stripAnalytics removes the loader and its configuration, and nothing else', () => {
    const html = [
      '<body><div id="app"></div>',
      '    <script async src="https://tags.example.invalid/gtag/js?id=G-1"></script>',
      '    <script>',
      '        window.dataLayer = window.dataLayer || [];',
      '        function gtag(){dataLayer.push(arguments);}',
      "        gtag('config', 'G-1', {});",
      '    </script>',
      '    <script>window.allureReportData = {};</script>',
      '</body>',
    ].join('\n');
    const clean = stripAnalytics(html);
    assert.ok(!clean.includes('gtag'));
    assert.ok(clean.includes('<div id="app"></div>'));
    assert.ok(clean.includes('<script>window.allureReportData = {};</script>'));
  });

  describe('RedactingWriter', () => {
    const secret = 'writer-Test-S3cret';
    const written: Record<string, unknown> = {};
    const recorder: Writer = {
      writeResult: (r: TestResult) => void (written.result = r),
      writeGroup: (g: TestResultContainer) => void (written.group = g),
      writeAttachment: (name: string, content: Buffer) => void (written[name] = content),
      writeAttachmentFromPath: (name: string, from: string) => void (written[name] = `copied from ${from}`),
      writeEnvironmentInfo: (info: Record<string, string | undefined>) => void (written.env = info),
      writeCategoriesDefinitions: () => undefined,
      writeGlobals: (name: string, info: Globals) => void (written[name] = info),
    };
    const writer = new RedactingWriter(recorder);
    before(() => secretRegistry.add(secret, 'env:WRITER_SECRET'));
    after(() => secretRegistry.clear());

    it('scrubs results, hook containers and errors outside tests, leaving the originals alone', () => {
      const globals: Globals = { attachments: [], errors: [{ message: `"before all" hook failed: login ${secret}`, trace: `Error: login ${secret}`, timestamp: 1 }] };
      writer.writeGlobals('g-globals.json', globals);
      assert.deepEqual(written['g-globals.json'], {
        attachments: [],
        errors: [{ message: '"before all" hook failed: login [REDACTED env:WRITER_SECRET]', trace: 'Error: login [REDACTED env:WRITER_SECRET]', timestamp: 1 }],
      });
      assert.ok(globals.errors[0]!.message!.includes(secret), 'the runtime’s own object was changed');
      writer.writeGroup({ uuid: 'c', children: [], befores: [{ name: `connect ${secret}`, steps: [], attachments: [], parameters: [] }], afters: [] } as unknown as TestResultContainer);
      assert.ok(!JSON.stringify(written.group).includes(secret));
    });

    it('scrubs text attachments by file name and passes binary ones through', async () => {
      writer.writeAttachment('a-attachment.txt', Buffer.from(`pw ${secret}`));
      assert.equal((written['a-attachment.txt'] as Buffer).toString(), 'pw [REDACTED env:WRITER_SECRET]');
      writer.writeAttachment('b-attachment.png', Buffer.from(secret));
      assert.equal((written['b-attachment.png'] as Buffer).toString(), secret);
      const log = path.join(tmp, 'w.log');
      await writeFile(log, `password ${secret}\n`);
      writer.writeAttachmentFromPath('c-attachment.log', log);
      assert.equal((written['c-attachment.log'] as Buffer).toString(), 'password [REDACTED env:WRITER_SECRET]\n');
      writer.writeAttachmentFromPath('d-attachment.pcap', log);
      assert.equal(written['d-attachment.pcap'], `copied from ${log}`);
    });
  });

  it('summary: an error outside any test (a failed before-all hook) is counted and categorised', async () => {
    const dir = path.join(tmp, 'globals-results');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'x-globals.json'),
      JSON.stringify({ attachments: [], errors: [{ message: '"before all" hook failed: AXL: connect ECONNREFUSED 10.10.0.10:8443', trace: 'CucmUnreachableError: AXL' }] }),
    );
    const summary = await summarizeResults(dir);
    assert.deepEqual(summary.errorsOutsideTests, [{ category: LAB_PROBLEM, reason: '"before all" hook failed: AXL: connect ECONNREFUSED 10.10.0.10:8443' }]);
    const text = renderSummary(summary);
    assert.match(text, /^0 tests: 0 passed, 0 failed, 0 broken, 0 skipped; 1 errors outside tests\n/);
    assert.match(text, /Lab or infrastructure problem \(1\):\n {2}! \(outside any test\)\n\s+"before all" hook failed/);
  });
});
