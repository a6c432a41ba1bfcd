// The npm package as users get it: `npm pack` (which builds through `prepare`), installed
// with `npm install -g` into a temporary prefix, then run with plain node from a directory
// outside the checkout. Needs npm and, for the dependencies' metadata, the registry npm is
// configured with (tarballs come from npm's cache where `npm ci` left them:
// --prefer-offline).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, tempDirPerSuite } from './run-cli.ts';
import { writeUpgradeCapture } from './upgrade-capture.ts';

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')} exited ${String(r.status)}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Every path under dir, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)));
}

describe('the npm package', function () {
  this.timeout(600_000);
  const tmp = tempDirPerSuite('pfslab-package-');
  let bin = '';
  let installed = '';
  let elsewhere = '';

  before(async () => {
    const packs = path.join(tmp(), 'packs');
    elsewhere = path.join(tmp(), 'elsewhere');
    await mkdir(packs);
    await mkdir(elsewhere);
    npm(['pack', '--pack-destination', packs], REPO_ROOT);
    const tarballs = readdirSync(packs).filter((f) => /^pfslab-.*\.tgz$/.test(f));
    assert.equal(tarballs.length, 1, `npm pack made one tarball: ${tarballs.join(', ')}`);
    const prefix = path.join(tmp(), 'prefix');
    // --ignore-scripts: ssh2's optional native speed-up (cpu-features) is not needed to run.
    // --legacy-peer-deps: what pfslab needs must be its own dependency, not a peer dependency
    // of another package that npm happens to install (npm 6, yarn and a common .npmrc do not).
    npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', path.join(packs, tarballs[0] ?? '')], tmp());
    bin = path.join(prefix, 'bin', 'pfslab');
    installed = path.join(prefix, 'lib', 'node_modules', 'pfslab');
  });

  function pfslab(args: string[]): SpawnSyncReturns<string> {
    return spawnSync(bin, args, { cwd: elsewhere, encoding: 'utf8' });
  }

  it('holds the build and the files commands read, not the tests or the TypeScript sources', () => {
    const files = filesUnder(installed).filter((f) => !f.startsWith('node_modules'));
    assert.ok(files.includes('build/harness/run/cli.js'), 'the compiled CLI');
    assert.ok(files.includes('build/harness/run/cli.js.map'), 'its source map');
    assert.ok(files.includes('labs/virtual.yaml') && files.includes('labs/lab.schema.json'), 'the default lab and the JSON Schema');
    assert.deepEqual(files.filter((f) => f.startsWith('test/') || f.startsWith('build/test/') || f.startsWith('bench/')), []);
    assert.deepEqual(files.filter((f) => f.endsWith('.ts')), [], 'no TypeScript: nothing to transpile at run time');
    assert.equal(existsSync(path.join(installed, 'node_modules', 'tsx')), false, 'tsx (a dev dependency) is not installed');
  });

  it('pfslab --help works from another directory', () => {
    const r = pfslab(['--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: pfslab/);
    assert.match(r.stdout, /analyze/);
  });

  it('pfslab lab validate finds the default lab inside the package, and a file given relative to the cwd', async () => {
    const r = pfslab(['lab', 'validate']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`${path.join(installed, 'labs', 'virtual.yaml').replace(/[.]/g, '\\.')}: OK, virtual lab`));
    await copyFile(path.join(REPO_ROOT, 'labs', 'branch-example.yaml'), path.join(elsewhere, 'mine.yaml'));
    const mine = pfslab(['lab', 'validate', 'mine.yaml']);
    assert.equal(mine.status, 0, mine.stderr);
    assert.match(mine.stdout, /^mine\.yaml: OK, real lab/m);
  });

  it('pfslab analyze reads a capture and exits by its verdict', async () => {
    const pcap = path.join(elsewhere, 'healthy.pcap');
    await writeUpgradeCapture(pcap);
    const r = pfslab(['analyze', '--pcap', 'healthy.pcap', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { root?: string }[]; violations: unknown[] };
    assert.equal(report.files[0]?.root, '10.20.1.11');
    assert.deepEqual(report.violations, []);
    const missing = pfslab(['analyze', '--pcap', 'no-such.pcap']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such\.pcap/);
  });

  it('pfslab run finds mocha in the install: --help, and --dry-run loads the compiled suites', () => {
    const help = pfslab(['run', '--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /--dry-run/);
    assert.ok(existsSync(path.join(installed, 'node_modules', 'mocha', 'bin', 'mocha.js')), 'mocha (what run spawns) is installed with the package');
    // mocha from the install, the suites and root hooks as compiled JavaScript: no lab is leased or brought up.
    const r = pfslab(['run', '--dry-run', '--suite', 'bugs/CSCui49910.spec.ts']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`${path.join(installed, 'labs', 'virtual.yaml').replace(/[.]/g, '\\.')}: OK, virtual lab`));
    assert.match(r.stdout, /CSCui49910/);
    assert.match(r.stdout, /[1-9]\d* passing/);
    assert.doesNotMatch(r.stdout + r.stderr, /ERR_MODULE_NOT_FOUND|Cannot find/);
  });

  it('stack traces of the compiled code name the TypeScript lines (source maps)', () => {
    const code = `import(${JSON.stringify(path.join(installed, 'build/harness/lab/child-node.js'))}).then((m) => m.moduleFile('not-typescript'))`;
    const r = spawnSync(process.execPath, ['--enable-source-maps', '-e', code], { cwd: elsewhere, encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /is not a \.ts source path/);
    assert.match(r.stderr, /harness\/lab\/child-node\.ts:\d+/);
  });
});
