// `pfslab --help`, `analyze` and `lab validate` load only what they use: not Playwright,
// ssh2, net-snmp, Allure, mocha or elkjs (harness/run/cli.ts's lazy-loading rule). The
// process records every module it loads (support/trace-modules.js); the positive controls
// show the record would see such a package if it were loaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { cliNodeArgs, REPO_ROOT, tempDirPerSuite } from './run-cli.ts';
import { writeUpgradeCapture } from './upgrade-capture.ts';

const TRACER = path.join(REPO_ROOT, 'test', 'cli', 'support', 'trace-modules.js');
const HEAVY = ['playwright-core', 'ssh2', 'net-snmp', 'allure', 'allure-js-commons', 'allure-mocha', 'mocha', 'elkjs'];

/** Every module (a URL, path or node: builtin, one per line) a `pfslab ARGS` process loaded. */
function modulesLoadedBy(args: string[], traceFile: string): string[] {
  const [loaderFlag, loader, ...rest] = cliNodeArgs(args);
  const r = spawnSync(process.execPath, [loaderFlag ?? '', loader ?? '', '--import', TRACER, ...rest], {
    cwd: REPO_ROOT,
    env: { ...process.env, PFSLAB_TRACE_MODULES: traceFile },
    encoding: 'utf8',
  });
  assert.ok(r.status === 0 || r.status === 1, `pfslab ${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`);
  return readFileSync(traceFile, 'utf8').split('\n');
}

/** The npm packages (names under node_modules/) a `pfslab ARGS` process loaded. */
function packagesLoadedBy(args: string[], traceFile: string): Set<string> {
  const names = new Set<string>();
  for (const line of modulesLoadedBy(args, traceFile)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m?.[1] !== undefined) names.add(m[1]);
  }
  return names;
}

function heavyIn(loaded: Set<string>): string[] {
  return HEAVY.filter((p) => loaded.has(p));
}

describe('pfslab loads each command\'s dependencies only when it runs', function () {
  this.timeout(120_000);
  const tmp = tempDirPerSuite('pfslab-lazy-');
  let pcap = '';
  before(async () => {
    pcap = path.join(tmp(), 'healthy.pcap');
    await writeUpgradeCapture(pcap);
  });

  it('--help loads commander and none of the heavy packages', () => {
    const loaded = packagesLoadedBy(['--help'], path.join(tmp(), 'help.trace'));
    assert.ok(loaded.has('commander'), `the trace saw commander: ${[...loaded].join(', ')}`);
    assert.deepEqual(heavyIn(loaded), []);
  });

  it('analyze loads none of them, nor the lab loader without --lab', () => {
    const loaded = packagesLoadedBy(['analyze', '--pcap', pcap, '--json'], path.join(tmp(), 'analyze.trace'));
    assert.deepEqual(heavyIn(loaded), []);
    assert.deepEqual(['yaml', 'zod'].filter((p) => loaded.has(p)), []);
  });

  it('analyze of a plain capture loads no console parser, syslog reader or zlib; --logs, --syslog and gzip do', () => {
    const parts = (modules: string[]): string[] =>
      [
        ['console parser', /harness\/evidence\/console\/parse\./],
        ['syslog reader', /harness\/evidence\/syslog\/read\./],
        ['node:zlib', /^node:zlib$/],
        ['node:net', /^node:net$/],
        ['node:dgram', /^node:dgram$/],
      ]
        .filter(([, re]) => modules.some((m) => (re as RegExp).test(m)))
        .map(([name]) => name as string);
    assert.deepEqual(parts(modulesLoadedBy(['analyze', '--pcap', pcap], path.join(tmp(), 'plain.trace'))), []);
    // Positive control: the same trace sees each of them when the input needs it.
    const gz = path.join(tmp(), 'healthy.pcap.gz');
    writeFileSync(gz, gzipSync(readFileSync(pcap)));
    const logs = path.join(tmp(), 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(path.join(logs, '10.20.1.11.log'), '');
    writeFileSync(path.join(logs, '10.20.1.11.syslog.log'), '# pfslab syslog evidence v1\n');
    const loaded = parts(modulesLoadedBy(['analyze', '--pcap', gz, '--logs', logs, '--syslog', logs], path.join(tmp(), 'all.trace')));
    assert.deepEqual(loaded, ['console parser', 'syslog reader', 'node:zlib', 'node:dgram']);
  });

  it('lab validate loads the lab loader (an ES module the trace sees) and none of the heavy packages', () => {
    const loaded = packagesLoadedBy(['lab', 'validate'], path.join(tmp(), 'validate.trace'));
    assert.ok(loaded.has('yaml') && loaded.has('zod'), `validate loads yaml and zod: ${[...loaded].join(', ')}`);
    assert.deepEqual(heavyIn(loaded), []);
  });

  it('plan loads none of the heavy packages, and vega only with --svg', () => {
    const plain = packagesLoadedBy(['plan', '--phones', '100', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120', '--json'], path.join(tmp(), 'plan.trace'));
    assert.deepEqual(heavyIn(plain), []);
    assert.deepEqual(['vega', 'vega-lite'].filter((p) => plain.has(p)), []);
    const svg = packagesLoadedBy(['plan', '--phones', '100', '--model', 'CP-7961G', '--wan-mbit', '2', '--rtt-ms', '120', '--svg', path.join(tmp(), 'plan.svg')], path.join(tmp(), 'plan-svg.trace'));
    assert.deepEqual(heavyIn(svg), []);
    assert.ok(svg.has('vega') && svg.has('vega-lite'), `--svg loads vega and vega-lite: ${[...svg].join(', ')}`);
  });

  it('analyze --svg loads elkjs (a CommonJS require the trace sees too) and only then', () => {
    const loaded = packagesLoadedBy(['analyze', '--pcap', pcap, '--json', '--svg', path.join(tmp(), 'svg')], path.join(tmp(), 'svg.trace'));
    assert.deepEqual(heavyIn(loaded), ['elkjs']);
  });
});
