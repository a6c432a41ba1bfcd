// The report pipeline end to end: a real mocha run with the pfslab reporter (twice, as two
// nightly runs), then Allure 3 generation with history, categories and environment, then the
// terminal summary. Everything asserted is read back from files the pipeline wrote.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { secretRegistry } from '../../harness/lab/index.ts';
import type { RunSummary } from '../../harness/run/report/index.ts';
import {
  generateReport,
  HARNESS_ERROR,
  LAB_PROBLEM,
  PRODUCT_DEFECT,
  renderSummary,
  resultPaths,
  summarizeResults,
} from '../../harness/run/report/index.ts';
import { fakePcap, FIXTURE_SECRET, runFixture } from './fixture-run.ts';
import type { FixtureRun } from './fixture-run.ts';

const REDACTED = '[REDACTED env:PFSLAB_FIXTURE_SECRET]';

const EXPECTED: Record<string, { status: string; category?: string }> = {
  passes: { status: 'passed' },
  'fails an assertion': { status: 'failed', category: PRODUCT_DEFECT },
  'meets a lab error': { status: 'broken', category: LAB_PROBLEM },
  'has a harness bug': { status: 'broken', category: HARNESS_ERROR },
  'attaches evidence with a secret': { status: 'passed' },
};

interface ResultJson {
  name: string;
  status: string;
  attachments: { name: string; source: string; type: string }[];
  steps: { name: string; attachments: { name: string; source: string; type: string }[] }[];
}

async function readResults(dir: string): Promise<ResultJson[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('-result.json'));
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as ResultJson));
}

/** Attachments of a result, whether allure-mocha put them on the test or on a step. */
function attachmentsOf(r: ResultJson): { name: string; source: string; type: string }[] {
  return [...r.attachments, ...r.steps.flatMap((s) => s.attachments)];
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown;
}

describe('report pipeline (mocha -> allure-results + junit -> Allure 3 report -> summary)', function () {
  this.timeout(60_000);
  let tmp: string;
  let first: FixtureRun;
  let second: FixtureRun;

  before(async function () {
    tmp = await mkdtemp(path.join(tmpdir(), 'pfslab-report-'));
    [first, second] = await Promise.all([runFixture(path.join(tmp, 'run-1')), runFixture(path.join(tmp, 'run-2'))]);
  });

  after(async () => {
    secretRegistry.clear();
    await rm(tmp, { recursive: true, force: true });
  });

  it('one mocha run writes allure results with the right statuses and prints spec output', async () => {
    const results = await readResults(resultPaths(first.runDir).allureResults);
    assert.equal(results.length, 5);
    assert.deepEqual(
      Object.fromEntries(results.map((r) => [r.name, r.status])),
      Object.fromEntries(Object.entries(EXPECTED).map(([name, e]) => [name, e.status])),
    );
    assert.match(first.stdout, /2 passing/);
    assert.match(first.stdout, /3 failing/);
    assert.match(first.stdout, /PoeError: switch poe port 3/);
    // The terminal output (CI logs) is scrubbed like every file.
    assert.ok(!first.stdout.includes(FIXTURE_SECRET), 'spec output holds the secret');
    assert.ok(first.stdout.includes(REDACTED));
  });

  it('attachments are redacted; a binary holding a secret is withheld, a clean one attached as is', async () => {
    const dir = resultPaths(first.runDir).allureResults;
    const evidence = (await readResults(dir)).find((r) => r.name === 'attaches evidence with a secret');
    assert.ok(evidence);
    const byName = new Map(attachmentsOf(evidence).map((a) => [a.name, a]));
    assert.deepEqual([...byName.keys()].sort(), ['clean capture', 'console log', 'cucm settings', 'leaky capture (withheld)', 'phone console']);

    for (const name of ['console log', 'cucm settings', 'phone console']) {
      const text = await readFile(path.join(dir, byName.get(name)!.source), 'utf8');
      assert.ok(!text.includes(FIXTURE_SECRET), `${name} still holds the secret`);
      assert.ok(text.includes(REDACTED), `${name} lacks the redaction marker`);
    }
    const settings = JSON.parse(await readFile(path.join(dir, byName.get('cucm settings')!.source), 'utf8')) as { axlPassword: string };
    assert.equal(settings.axlPassword, REDACTED);
    assert.match(await readFile(path.join(dir, byName.get('leaky capture (withheld)')!.source), 'utf8'), /leaky\.pcap was not attached: it contains a registered secret/);
    const clean = byName.get('clean capture')!;
    assert.equal(clean.type, 'application/vnd.tcpdump.pcap');
    assert.deepEqual(await readFile(path.join(dir, clean.source)), fakePcap('\x30\x10tftp SIP75.loads'));

    // Nothing anywhere in the results (results, containers, attachments) holds the secret.
    for (const f of await readdir(dir)) {
      assert.ok(!(await readFile(path.join(dir, f))).includes(FIXTURE_SECRET), `${f} holds the secret`);
    }
  });

  it('the same run writes JUnit XML: 5 tests, the 3 non-passing ones as failures, scrubbed', async () => {
    const xml = await readFile(resultPaths(first.runDir).junitXml, 'utf8');
    assert.ok(!xml.includes(FIXTURE_SECRET), 'junit.xml holds the secret');
    assert.ok(xml.includes(REDACTED));
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuite: { tests: string; failures: string; errors: string; testcase: { name: string; failure?: unknown }[] };
    };
    const suite = doc.testsuite;
    assert.equal(Number(suite.tests), 5);
    // mocha's xunit reporter counts every failing test under errors= and writes <failure> for each.
    assert.equal(Number(suite.failures) + Number(suite.errors), 3);
    assert.deepEqual(suite.testcase.filter((t) => t.failure !== undefined).map((t) => t.name).sort(), ['fails an assertion', 'has a harness bug', 'meets a lab error']);
  });

  describe('Allure 3 report', () => {
    const environment = {
      'lab name': 'virtual-branch',
      'lab kind': 'virtual',
      'CUCM version': '10.5.2.10000-5',
      loads: 'SIP75.9-4-2SR3-1S=CP-7975G; SIP45.9-4-2SR3-1S=CP-7945G',
      models: 'CP-7945G, CP-7975G',
      'AXL login': `pfsadmin:${FIXTURE_SECRET}`,
      // environment.properties escaping: a leading space, a backslash, a line break, non-ASCII.
      'run note': ' nightly\\retry\nsecond line – ü',
    };
    let history: string;
    let reports: string[];

    before(async function () {
      // The test process registers the secret too: the nightly process has resolved the lab's secrets.
      secretRegistry.add(FIXTURE_SECRET, 'env:PFSLAB_FIXTURE_SECRET');
      history = path.join(tmp, 'history', 'history.jsonl');
      reports = [];
      for (const [i, run] of [first, second].entries()) {
        const { indexHtml } = await generateReport({
          resultsDir: resultPaths(run.runDir).allureResults,
          outDir: path.join(run.runDir, 'report'),
          historyFile: history,
          name: `pfslab nightly ${i + 1}`,
          environment,
        });
        reports.push(path.dirname(indexHtml));
      }
    });

    it('writes index.html for each run, with no analytics tag', async () => {
      for (const dir of reports) {
        const html = await readFile(path.join(dir, 'index.html'), 'utf8');
        assert.match(html, /<div id="app">/);
        assert.ok(!html.includes('gtag'), 'index.html still loads the analytics tag');
      }
    });

    it('appends one history entry per run to the shared history file', async () => {
      const lines = (await readFile(history, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      assert.equal(lines.length, 2);
      const entries = lines.map((l) => JSON.parse(l) as { name: string; testResults: Record<string, { status: string }> });
      assert.deepEqual(entries.map((e) => e.name), ['pfslab nightly 1', 'pfslab nightly 2']);
      for (const e of entries) assert.equal(Object.keys(e.testResults).length, 5);
    });

    it('puts each non-passing test in its category', async () => {
      const widget = (await readJson(path.join(reports[0]!, 'widgets', 'categories.json'))) as {
        roots: string[];
        nodes: Record<string, { name: string; type: string; childrenIds?: string[] }>;
      };
      const testsUnder = (id: string): string[] => {
        const node = widget.nodes[id]!;
        return node.type === 'tr' ? [node.name] : (node.childrenIds ?? []).flatMap(testsUnder);
      };
      const byCategory = Object.fromEntries(widget.roots.map((id) => [widget.nodes[id]!.name, testsUnder(id)]));
      assert.deepEqual(byCategory, {
        [PRODUCT_DEFECT]: ['fails an assertion'],
        [LAB_PROBLEM]: ['meets a lab error'],
        [HARNESS_ERROR]: ['has a harness bug'],
      });
    });

    it('shows the environment (redacted) in the Environment widget and as report variables', async () => {
      const shown = (await readJson(path.join(reports[0]!, 'widgets', 'allure_environment.json'))) as { name: string; values: string[] }[];
      const expected = { ...environment, 'AXL login': `pfsadmin:${REDACTED}` };
      assert.deepEqual(Object.fromEntries(shown.map((e) => [e.name, e.values.join()])), expected);
      assert.deepEqual(await readJson(path.join(reports[0]!, 'widgets', 'variables.json')), expected);
    });

    it('no report file holds the secret', async () => {
      for (const dir of [...reports, path.dirname(history)]) {
        for (const f of await readdir(dir, { recursive: true, withFileTypes: true })) {
          if (!f.isFile()) continue;
          const file = path.join(f.parentPath, f.name);
          assert.ok(!(await readFile(file)).includes(FIXTURE_SECRET), `${file} holds the secret`);
        }
      }
    });
  });

  describe('terminal summary', () => {
    let summary: RunSummary;
    before(async () => {
      summary = await summarizeResults(resultPaths(first.runDir).allureResults);
    });

    it('counts by status and categorises like the report', () => {
      assert.deepEqual(summary.counts, { passed: 2, failed: 1, broken: 2, skipped: 0, unknown: 0 });
      assert.deepEqual(
        Object.fromEntries(summary.tests.map((t) => [t.name, { status: t.status, ...(t.category ? { category: t.category } : {}) }])),
        EXPECTED,
      );
      const lab = summary.tests.find((t) => t.name === 'meets a lab error');
      assert.equal(lab?.reason, `switch poe port 3: set power on failed (noSuchName), community ${REDACTED}`);
      assert.equal(lab?.title, 'report fixture > meets a lab error');
    });

    it('renders totals, each failure under its category with its reason, the slowest tests and the report', () => {
      const text = renderSummary(summary, { report: '/reports/out/run/index.html' });
      assert.match(text, /^5 tests: 2 passed, 1 failed, 2 broken, 0 skipped\n/);
      const section = (name: string): string => text.slice(text.indexOf(`${name} (1):`)).split('\n\n')[0]!;
      assert.match(section(PRODUCT_DEFECT), /report fixture > fails an assertion\n\s+phone took the load from the wrong source/);
      assert.match(section(LAB_PROBLEM), /report fixture > meets a lab error\n\s+switch poe port 3/);
      assert.match(section(HARNESS_ERROR), /report fixture > has a harness bug\n\s+Cannot read properties of null/);
      assert.equal(text.split('Slowest:\n')[1]!.split('\n\n')[0]!.split('\n').length, 5);
      assert.match(text, /Report: {2}\/reports\/out\/run\/index\.html/);
    });
  });
});
