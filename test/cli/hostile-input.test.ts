// Careless and hostile input, one block per class of issue #14: each case ran into a crash,
// a hang, unbounded memory, raw evidence on the terminal or an echoed secret before. Every
// command answers with a specific message and the status of the one table, no stack frame.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT, runCli, tempDirPerSuite } from './run-cli.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import { resolveSecret, SecretError, SecretRegistry } from '../../harness/lab/index.ts';
import { acquireLease } from '../../harness/lab/lease.ts';
import { loadLab } from '../../harness/lab/index.ts';
import { connectionFromLab } from '../../drivers/cucm/connection.ts';
import { AxlHttp } from '../../drivers/cucm/axl/http.ts';
import { selfSignedCertificate } from '../../labs/virtual/cucm/tls.ts';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { terminalSafe, untrustedField, xmlText } from '../../harness/io/untrusted-text.ts';
import { renderTreeSvg, svgFileName } from '../../harness/pfs/render/svg.ts';
import type { FileTree } from '../../harness/pfs/analysis-types.ts';

const VIRTUAL = path.join(REPO_ROOT, 'labs', 'virtual.yaml');
const BRANCH = path.join(REPO_ROOT, 'labs', 'branch-example.yaml');
const STACK_FRAME = /^ {4}at /m;

/** A stack frame or an uncaught-error banner anywhere in what a command printed is a crash. */
function assertNoCrash(r: { stdout: string; stderr: string }): void {
  assert.doesNotMatch(r.stdout + r.stderr, STACK_FRAME, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
}

describe('hostile and careless input (issue 14)', function () {
  this.timeout(120_000);
  const tmp = tempDirPerSuite('pfslab-hostile-');
  const mkfifo = (file: string): void => assert.equal(spawnSync('mkfifo', [file]).status, 0);
  /** The virtual lab with its loadsFile pointing elsewhere (absolute), in the temp dir. */
  const labWithLoadsFile = async (name: string, loadsFile: string): Promise<string> => {
    const text = (await readFile(VIRTUAL, 'utf8')).replace('loadsFile: loads/SCCP41.9-4-2SR2-2S.loads', `loadsFile: ${loadsFile}`);
    const file = path.join(tmp(), name);
    await writeFile(file, text);
    return file;
  };

  describe('1. unbounded reads and special files', function () {
    it('a loadsFile of /dev/zero is refused at once (lab validate, exit 2), not read', async function () {
      const lab = await labWithLoadsFile('zero.yaml', '/dev/zero');
      const r = await runCli(['lab', 'validate', lab]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /loads\[0\]\.loadsFile: \/dev\/zero: is a character device; the \.loads file must be a regular file/);
      assertNoCrash(r);
    });

    it('a FIFO as loadsFile or as the lab file is refused without waiting for a writer', async function () {
      const fifo = path.join(tmp(), 'loads.fifo');
      mkfifo(fifo);
      const lab = await labWithLoadsFile('fifo-loads.yaml', fifo);
      const r1 = await runCli(['lab', 'validate', lab]);
      assert.equal(r1.status, 2);
      assert.match(r1.stderr, /is a FIFO \(named pipe\); the \.loads file must be a regular file/);
      const labFifo = path.join(tmp(), 'lab.fifo');
      mkfifo(labFifo);
      for (const args of [['lab', 'validate', labFifo], ['lab', 'lease', '--lab', labFifo], ['analyze', '--lab', labFifo, '--pcap', '/dev/null']]) {
        const r = await runCli(args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /lab\.fifo: is a FIFO \(named pipe\); the lab file must be a regular file/);
        assertNoCrash(r);
      }
    });

    it('a lab file over its bound is refused by size, before parsing', async function () {
      const big = path.join(tmp(), 'big.yaml');
      await writeFile(big, `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
      const r = await runCli(['lab', 'validate', big]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is 2097155 bytes; a lab file is at most 1 MiB/);
    });
  });

  describe('2. YAML that used to crash the loader', function () {
    it('an alias to an anchor that is gone: file:line:col, exit 2 (validate and lease)', async function () {
      // Delete the first phone of the template, whose anchor the next phones use.
      const text = await readFile(BRANCH, 'utf8');
      const start = text.indexOf('  - name: SEP001122334401');
      const end = text.indexOf('  - name: SEP001122334402');
      const file = path.join(tmp(), 'no-anchor.yaml');
      await writeFile(file, text.slice(0, start) + text.slice(end));
      const aliasLine = (text.slice(0, start) + text.slice(end)).split('\n').findIndex((l) => l.includes('*phone-console')) + 1;
      for (const args of [['lab', 'validate', file], ['lab', 'lease', '--lab', file]]) {
        const r = await runCli(args);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`no-anchor\\.yaml:${aliasLine}:\\d+: alias \\*phone-console names no anchor &phone-console defined before it`));
        assertNoCrash(r);
      }
    });

    it('an alias bomb is refused at the alias that explodes, in bounded time and memory', async function () {
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
      const file = path.join(tmp(), 'bomb.yaml');
      await writeFile(file, `${levels.join('\n')}\n`);
      const r = await runCli(['lab', 'validate', file]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /bomb\.yaml:6:\d+: this collection expands to more than 200000 nodes through the aliases in it/);
      assertNoCrash(r);
    });
  });

  describe('3. lab lease on a missing or invalid lab file', function () {
    it('exit 2 with the message lab validate gives', async function () {
      for (const file of [path.join(tmp(), 'missing.yaml'), path.join(REPO_ROOT, 'package.json')]) {
        const lease = await runCli(['lab', 'lease', '--lab', file]);
        const validate = await runCli(['lab', 'validate', file]);
        assert.equal(lease.status, 2, lease.stderr);
        assert.equal(lease.stderr, validate.stderr);
        assertNoCrash(lease);
      }
    });
  });

  describe('4. text from evidence never reaches an output raw', function () {
    // A component name (apps41...) so the analysis shows it; no "/" (a path separator, cut off as a directory).
    const EVIL = 'apps41\u001b[2J\u001b[H\rViolations: none\n\u009b31m<svg onload=alert(1)>\u202e.sbn';

    it('the sanitizer escapes controls, line breaks, C1 and bidi characters, and markup for XML', function () {
      assert.equal(untrustedField('a\u001b[2Jb\nc\u202ed'), 'a\\u001B[2Jb\\u000Ac\\u202Ed');
      assert.equal(terminalSafe('line 1\n\ttab\r\u009b'), 'line 1\n\ttab\\u000D\\u009B');
      assert.equal(xmlText('<a href="x">&\u0007'), '&#60;a href=&#34;x&#34;&#62;&#38;\\u0007');
      // JSON stays JSON.
      assert.deepEqual(JSON.parse(terminalSafe(JSON.stringify({ k: 'x\u009by\u202e' }))), { k: 'x\u009by\u202e' });
    });

    it('a TFTP file name with ANSI escapes, a line break and markup: analyze prints it escaped, the SVG holds no markup from it', async function () {
      const pcap = path.join(tmp(), 'evil.pcap');
      const b = await CaptureBuilder.create(pcap);
      b.tftpRead({ client: '10.20.1.11', cport: 50001, server: '10.10.0.10', stid: 51001, file: EVIL, size: 3000, blksize: 1428 });
      b.tftpRead({ client: '10.20.1.12', cport: 50002, server: '10.10.0.10', stid: 51002, file: EVIL, size: 3000, blksize: 1428 });
      await b.close();
      const svgDir = path.join(tmp(), 'evil-svg');
      const text = await runCli(['analyze', '--pcap', pcap, '--svg', svgDir]);
      const json = await runCli(['analyze', '--pcap', pcap, '--json']);
      for (const r of [text, json]) {
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E]/, 'no raw control character');
        assertNoCrash(r);
      }
      assert.equal(text.stdout.match(/^Violations/gm)?.length, 1, 'the file name added no line of its own');
      assert.match(text.stdout, /\\u001B\[2J\\u001B\[H\\u000DViolations: none\\u000A/);
      assert.equal(text.status, json.status);
      const svgs = await readdir(svgDir);
      assert.ok(svgs.length > 0);
      for (const name of svgs) {
        assert.match(name, /^[A-Za-z0-9._-]+$/);
        const svg = await readFile(path.join(svgDir, name), 'utf8');
        assert.doesNotMatch(svg, /<svg onload/);
        assert.match(svg, /&#60;svg onload=alert\(1\)&#62;/);
        // eslint-disable-next-line no-control-regex
        assert.doesNotMatch(svg, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      }
    });
  });

  describe('5. output paths from evidence', function () {
    it('a 400-character file name gives a bounded SVG name and the same exit status as without --svg', async function () {
      const long = `${'a'.repeat(400)}.sbn`;
      const pcap = path.join(tmp(), 'long.pcap');
      const b = await CaptureBuilder.create(pcap);
      b.tftpRead({ client: '10.20.1.11', cport: 50001, server: '10.10.0.10', stid: 51001, file: long, size: 3000, blksize: 1428 });
      b.tftpRead({ client: '10.20.1.12', cport: 50002, server: '10.10.0.10', stid: 51002, file: long, size: 3000, blksize: 1428 });
      await b.close();
      const plain = await runCli(['analyze', '--pcap', pcap]);
      const dir = path.join(tmp(), 'long-svg');
      const withSvg = await runCli(['analyze', '--pcap', pcap, '--svg', dir]);
      assert.equal(withSvg.status, plain.status, withSvg.stderr);
      const names = await readdir(dir);
      assert.equal(names.length, 1);
      assert.ok(names[0]!.length <= 140, names[0]);
    });

    it('two long names that share their first 120 characters stay two files', async function () {
      const tree = (file: string): FileTree => ({ file, subnet: '10.0.0.0/24', model: 'CP-7961G', roles: {}, edges: [], tftpFetchers: [], cutTransfers: [] }) as unknown as FileTree;
      const a = svgFileName(tree(`${'x'.repeat(300)}a`));
      const c = svgFileName(tree(`${'x'.repeat(300)}c`));
      assert.notEqual(a, c);
      assert.match(await renderTreeSvg(tree('<b>\u001b')), /&#60;b&#62;\\u001B/);
    });

    it('--svg on /proc, on a file, or where nothing can be written is refused before the analysis (exit 2)', async function () {
      const pcap = path.join(tmp(), 'long.pcap');
      const aFile = path.join(tmp(), 'a-file');
      await writeFile(aFile, '');
      const readOnly = path.join(tmp(), 'read-only');
      await mkdir(readOnly, { mode: 0o555 });
      const cases: [string, RegExp][] = [
        ['/proc/x', /--svg \/proc\/x: \/proc is on procfs, a kernel interface, not storage/],
        [aFile, /is a regular file, not a directory/],
        [`${aFile}/sub`, /a-file is a regular file, not a directory/],
      ];
      // root may write anywhere: the read-only case only means something for other users.
      if (process.getuid?.() !== 0) cases.push([path.join(readOnly, 'x'), /is not writable/]);
      for (const [dir, message] of cases) {
        const r = await runCli(['analyze', '--pcap', pcap, '--svg', dir]);
        assert.equal(r.status, 2, `${dir}: ${r.stderr}`);
        assert.match(r.stderr, message);
        assert.equal(r.stdout, '', 'refused before any report');
      }
    });
  });

  describe('6. secrets never in messages', function () {
    it('an env: reference that is not a variable name: the message does not echo its text', async function () {
      const text = 'env:hunter2 is-my-password';
      await assert.rejects(resolveSecret(text, { registry: new SecretRegistry() }), (e: unknown) => {
        assert.ok(e instanceof SecretError);
        assert.doesNotMatch(e.message, /hunter2|is-my-password/);
        assert.match(e.message, /^env:\(not a valid reference\): env: needs a variable name/);
        return true;
      });
    });

    it('a virtual: value asked for in a real lab: the message names the scheme, never the value', async function () {
      await assert.rejects(resolveSecret('virtual:TopSecretValue', { kind: 'real', registry: new SecretRegistry() }), (e: unknown) => {
        assert.ok(e instanceof SecretError);
        assert.doesNotMatch(e.message, /TopSecretValue/);
        assert.match(e.message, /^virtual:\(value not shown\): virtual: values are for virtual labs only/);
        return true;
      });
    });

    it('lab validate on a bad env: reference does not print the text after env:', async function () {
      const text = (await readFile(BRANCH, 'utf8')).replace('password: env:PFSLAB_CUCM_PASSWORD', 'password: "env:my secret pw"');
      const file = path.join(tmp(), 'bad-env.yaml');
      await writeFile(file, text);
      const r = await runCli(['lab', 'validate', file]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cucm\.password: env: needs a variable name/);
      assert.doesNotMatch(r.stderr, /my secret pw/);
    });
  });

  describe('7. who is on the other end: CUCM TLS and SSH host keys in a real lab', function () {
    it('a real lab may not switch certificate checks off (tls.insecure: exit 2; PFSLAB_CUCM_INSECURE: refused)', async function () {
      const text = (await readFile(BRANCH, 'utf8')).replace('  version: "10.5"', '  version: "10.5"\n  tls: { insecure: true }');
      const file = path.join(tmp(), 'insecure.yaml');
      await writeFile(file, text);
      const r = await runCli(['lab', 'validate', file]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cucm\.tls\.insecure: tls\.insecure is for virtual labs only; name the CA/);
      const noHostKeyCheck = (await readFile(BRANCH, 'utf8')).replace('hostKey: { knownHosts: ~/.ssh/known_hosts }', 'hostKey: { insecure: true }');
      const file2 = path.join(tmp(), 'insecure-ssh.yaml');
      await writeFile(file2, noHostKeyCheck);
      const r2 = await runCli(['lab', 'validate', file2]);
      assert.equal(r2.status, 2);
      assert.match(r2.stderr, /phones\[0\]\.console\.ssh\.hostKey\.insecure: hostKey\.insecure is for virtual labs only/);
      const lab = await loadLab(BRANCH);
      await assert.rejects(connectionFromLab(lab, { env: { PFSLAB_CUCM_PASSWORD: 'hostile-input-test-cucm-password', PFSLAB_CUCM_INSECURE: '1' } }), /PFSLAB_CUCM_INSECURE is for virtual labs only/);
    });

    it('a CUCM whose certificate does not verify is refused; its own certificate as tls.ca is accepted', async function () {
      const tls = await selfSignedCertificate('127.0.0.1');
      const server = createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('<ok/>'));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/axl/`;
      try {
        const post = (t: { ca?: string }) => new AxlHttp({ url, user: 'u', password: 'p', tls: t, timeoutMs: 5000, maxSockets: 1 }).post('x', '<x/>');
        await assert.rejects(post({}), /self[- ]signed certificate/i);
        assert.equal((await post({ ca: tls.cert })).status, 200);
      } finally {
        server.close();
      }
    });
  });

  describe('8. one exit-status table: every command on broken input', function () {
    it('each command exits with its status and prints no stack frame', async function () {
      const broken = path.join(tmp(), 'broken.yaml');
      await writeFile(broken, 'name: x\nkind: [\n');
      const state = path.join(tmp(), 'state.json');
      await writeFile(state, '{garbage');
      const notCapture = path.join(tmp(), 'not-a-capture.pcap');
      await writeFile(notCapture, 'hello, not a capture\n');
      const out = path.join(tmp(), 'run-out');
      const cases: [string[], number][] = [
        [['analyze', '--pcap', notCapture], 2],
        [['analyze', '--pcap', path.join(tmp(), 'missing.pcap')], 2],
        [['analyze', '--lab', broken, '--pcap', notCapture], 2],
        [['analyze', '--logs', '/dev/null'], 2],
        [['analyze'], 2],
        [['lab', 'validate', broken], 2],
        [['lab', 'up', broken], 2],
        [['lab', 'status', '--state', state], 2],
        [['lab', 'down', '--state', state], 2],
        [['lab', 'restore', '--lab', broken], 2],
        [['lab', 'lease', '--lab', broken], 2],
        [['cucm', 'probe', '--lab', broken], 2],
        [['run', '--lab', broken, '--out', out], 2],
        [['analyze', '--no-such-option'], 2],
        [['no-such-command'], 2],
      ];
      for (const [args, status] of cases) {
        const r = await runCli(args);
        assert.equal(r.status, status, `pfslab ${args.join(' ')}: ${r.stderr}`);
        assertNoCrash(r);
        assert.notEqual((r.stderr + r.stdout).trim(), '', `pfslab ${args.join(' ')} says why`);
      }
    });

    it('lab lease: a held lab is 4, the same "held" as pfslab run', async function () {
      const dir = path.join(tmp(), 'leases');
      const lease = await acquireLease({ lab: 'virtual', dir, purpose: 'exit-status test' });
      try {
        const r = await runCli(['lab', 'lease', '--lab', VIRTUAL], { env: { PFSLAB_LEASE_DIR: dir } });
        assert.equal(r.status, 4, r.stderr);
        assert.match(r.stdout, /held by .* for exit-status test/);
      } finally {
        await lease.release();
      }
    });

    it('--help carries the table', async function () {
      const r = await runCli(['--help']);
      assert.equal(r.status, 0);
      for (const line of [/0 {2}ok/, /1 {2}failed/, /2 {2}bad input/, /3 {2}nothing to do or analyse/, /4 {2}held/]) assert.match(r.stdout, line);
    });
  });
});
