// Device text in the report runs nothing when the report is opened. A child mocha with the
// pfslab reporter attaches crafted HTML and SVG the ways pfslab does (a CUCM page kept on
// failure, tree and chart pictures whose labels come from evidence) and fails a test whose
// title and message hold markup. Each attachment is then loaded by Chromium with the content
// type the Allure result declares for it, as a report viewer would show it: no payload may
// run. The JUnit XML must parse, with the markup as text.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH } from '../../drivers/cucm/web/browser.ts';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { mochaReporterArgs, resultPaths } from '../../harness/run/report/index.ts';
import { inertContentType } from '../../harness/run/report/attach.ts';

const FIXTURE = path.join(PFSLAB_ROOT, 'test', 'report', 'fixtures', 'hostile-attachments.fixture.ts');

interface Attachment {
  name: string;
  source: string;
  type: string;
}
interface ResultJson {
  name: string;
  attachments: Attachment[];
  steps: { attachments: Attachment[] }[];
}

function runMocha(runDir: string, files: string): Promise<number | null> {
  const args = ['--no-config', '--node-option', 'import=tsx', '--timeout', '20000', ...mochaReporterArgs(runDir), FIXTURE];
  const mocha = path.join(PFSLAB_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mocha, ...args], { cwd: PFSLAB_ROOT, env: { ...process.env, PFSLAB_FIXTURE_FILES: files, NO_COLOR: '1' }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('hostile attachments in the report', function () {
  this.timeout(120_000);
  let tmp = '';
  let attachments: Attachment[] = [];
  let resultsDir = '';
  let junit = '';
  let browser: Browser | undefined;

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'pfslab-hostile-report-'));
    const files = path.join(tmp, 'files');
    await mkdir(files);
    const code = await runMocha(tmp, files);
    assert.equal(code, 1, 'the fixture has one failing test');
    const paths = resultPaths(tmp);
    resultsDir = paths.allureResults;
    junit = await readFile(paths.junitXml, 'utf8');
    const results = await Promise.all(
      (await readdir(resultsDir)).filter((f) => f.endsWith('-result.json')).map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), 'utf8')) as ResultJson),
    );
    attachments = results.flatMap((r) => [...r.attachments, ...r.steps.flatMap((s) => s.attachments)]);
    if (existsSync(CHROMIUM_PATH)) browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'], headless: true });
  });

  after(async () => {
    await browser?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  const byName = (name: string): Attachment => {
    const a = attachments.find((x) => x.name === name);
    assert.ok(a, `no attachment "${name}" among ${attachments.map((x) => x.name).join(', ')}`);
    return a;
  };

  /** What a browser shows for the attachment served with its declared type: did any payload run? */
  async function ranIn(a: Attachment): Promise<unknown> {
    assert.ok(browser, `Chromium is needed at ${CHROMIUM_PATH} (scripts/setup.sh installs it)`);
    const body = await readFile(path.join(resultsDir, a.source));
    const page = await browser.newPage();
    try {
      await page.route('http://report.invalid/**', (route) => route.fulfill({ status: 200, contentType: a.type, body }));
      await page.goto('http://report.invalid/attachment');
      await page.waitForTimeout(200); // an onerror of an <img> fires after load
      return await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned);
    } finally {
      await page.close();
    }
  }

  it('a CUCM page and a phone page are attached as their source, text/plain, and run nothing', async () => {
    for (const name of ['CUCM page (HTML source)', 'phone web page']) {
      const a = byName(name);
      assert.equal(a.type, 'text/plain', name);
      assert.match(await readFile(path.join(resultsDir, a.source), 'utf8'), /<script>window\.__pwned/, 'the source is kept, as text');
      assert.equal(await ranIn(a), undefined, `${name} ran a script`);
      // The probe itself can see a payload run: the same bytes as text/html do.
      assert.ok(['script', 'onerror'].includes(String(await ranIn({ ...a, type: 'text/html' }))), 'the browser check sees nothing');
    }
  });

  it('a crafted SVG with scripts becomes text; the tree and chart pictures stay pictures with the evidence escaped', async () => {
    assert.equal(byName('crafted svg').type, 'text/plain');
    assert.equal(await ranIn(byName('crafted svg')), undefined);
    assert.ok(['svg', 'svg onload'].includes(String(await ranIn({ ...byName('crafted svg'), type: 'image/svg+xml' }))), 'the browser check sees nothing');
    for (const name of ['tree picture', 'chart picture']) {
      const a = byName(name);
      assert.equal(a.type, 'image/svg+xml', `${name}: pfslab's own picture is still shown as a picture`);
      const svg = await readFile(path.join(resultsDir, a.source), 'utf8');
      assert.doesNotMatch(svg, /<script|<img|<\/text><script/);
      assert.match(svg, /&#60;script&#62;|&lt;script&gt;/, "the evidence is there, escaped (pfslab's xmlText or vega's)");
      assert.equal(await ranIn(a), undefined, `${name} ran a script`);
    }
  });

  it('the JUnit XML parses and holds the markup of a title and a message as text', () => {
    const parsed = new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(junit) as { testsuite: { testcase: { '@_name': string; failure?: unknown }[] } };
    const failed = parsed.testsuite.testcase.filter((t) => t.failure !== undefined);
    assert.equal(failed.length, 1);
    assert.match(failed[0]?.['@_name'] ?? '', /<\/text><script>window\.__pwned/);
    assert.match(JSON.stringify(failed[0]?.failure), /\]\]><\/failure><script>/);
    assert.doesNotMatch(junit, /<script/);
  });

  it('inertContentType: HTML always text, SVG and XML only while inert', () => {
    assert.equal(inertContentType('text/html', '<p>hi</p>'), 'text/plain');
    assert.equal(inertContentType('application/xhtml+xml', ''), 'text/plain');
    assert.equal(inertContentType('image/svg+xml', '<svg><text>a</text></svg>'), 'image/svg+xml');
    assert.equal(inertContentType('image/svg+xml', '<svg><a href="javascript:x()"/></svg>'), 'text/plain');
    assert.equal(inertContentType('application/xml', '<x xmlns:h="http://www.w3.org/1999/xhtml"><h:script/></x>'), 'text/plain');
    assert.equal(inertContentType('application/json', '{"a":"<script>"}'), 'application/json');
    // Quotes in text content are text (vega escapes < but not quotes); an attribute after a quoted > is still found.
    assert.equal(inertContentType('image/svg+xml', '<svg><text>x&lt;img onerror="y"&gt;</text></svg>'), 'image/svg+xml');
    assert.equal(inertContentType('image/svg+xml', '<svg><text title="a>b" onload="x()">t</text></svg>'), 'text/plain');
  });
});
