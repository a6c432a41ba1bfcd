// cucm.tls.fingerprint: CUCM's certificate pinned by its SHA-256 fingerprint, as
// `openssl x509 -noout -fingerprint -sha256` prints it, honoured by AXL and the web driver.
// Against an HTTPS server started here with certificates made by openssl (names that do not
// match the address, as a CUCM's tomcat certificate often has), and against the virtual CUCM
// through a lab file that pins its certificate. A mismatch names both fingerprints, never the
// password, and nothing (no Authorization header) reaches the server.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AxlHttp } from '../../../drivers/cucm/axl/http.ts';
import { cucmProbeCommand } from '../../../drivers/cucm/index.ts';
import { CucmCertificateMismatchError, normalizeFingerprint } from '../../../drivers/cucm/tls-pin.ts';
import { launchCucmBrowser } from '../../../drivers/cucm/web/browser.ts';
import { validateLabCommand } from '../../../harness/lab/index.ts';
import { loadLab } from '../../../harness/lab/load.ts';
import { requireChromium } from './support/chromium.ts';
import { PASSWORD, startVirtualCucm, tempDir, type TempJournal, type VirtualCucm } from './support/virtual-cucm.ts';

interface OpensslCert {
  key: string;
  cert: string;
  /** The line openssl prints, e.g. "sha256 Fingerprint=AB:CD:...". */
  printed: string;
}

function opensslCert(dir: string, name: string): OpensslCert {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}.cucm.invalid`], { stdio: 'ignore' });
  const printed = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', cert], { encoding: 'utf8' }).trim();
  return { key: execFileSync('cat', [key], { encoding: 'utf8' }), cert: execFileSync('cat', [cert], { encoding: 'utf8' }), printed };
}

describe('CUCM certificate pinned by fingerprint (cucm.tls.fingerprint)', function () {
  this.timeout(120_000);
  let tmp: TempJournal;
  let a: OpensslCert;
  let b: OpensslCert;
  let server: Server;
  let url = '';
  /** Authorization headers the server received. */
  const seen: string[] = [];
  let handshakes = 0;
  /** After this many handshakes the server presents certificate b: a server that shows the pinned certificate to the check only. */
  let switchAfter = Infinity;

  before(async () => {
    requireChromium();
    tmp = await tempDir('tls-pin');
    a = opensslCert(tmp.dir, 'a');
    b = opensslCert(tmp.dir, 'b');
    server = createServer({ key: a.key, cert: a.cert }, (req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.end('<html><title>Cisco Unified CM Console</title><body>pinned</body></html>');
    });
    server.on('secureConnection', () => {
      if (++handshakes === switchAfter) server.setSecureContext({ key: b.key, cert: b.cert });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    await tmp?.remove();
  });
  beforeEach(() => {
    seen.length = 0;
    handshakes = 0;
    switchAfter = Infinity;
    server.setSecureContext({ key: a.key, cert: a.cert });
  });

  const fp = (c: OpensslCert): string => normalizeFingerprint(c.printed) ?? assert.fail(`openssl printed ${c.printed}`);
  const axl = (fingerprint: string): AxlHttp => new AxlHttp({ url, user: 'axl-user', password: PASSWORD, tls: { fingerprint }, timeoutMs: 5000, maxSockets: 1 });

  it('reads the fingerprint as openssl prints it (3.x and 1.1), or as bare hex pairs', () => {
    assert.match(a.printed, /^sha256 Fingerprint=([0-9A-F]{2}:){31}[0-9A-F]{2}$/i);
    assert.equal(normalizeFingerprint(a.printed), new X509Certificate(a.cert).fingerprint256);
    assert.equal(normalizeFingerprint(a.printed.replace('sha256', 'SHA256')), fp(a));
    assert.equal(normalizeFingerprint(fp(a).toLowerCase()), fp(a));
    assert.equal(normalizeFingerprint('SHA256:abc'), undefined);
  });

  it('AXL: the pinned certificate is accepted though its name is not the address', async () => {
    const http = axl(fp(a));
    try {
      const r = await http.post('CUCM:DB ver=10.5 getPhone', '<x/>');
      assert.equal(r.status, 200);
      assert.equal(seen.length, 1);
    } finally {
      http.close();
    }
  });

  it('AXL: another certificate is refused, naming both fingerprints, before the password is sent', async () => {
    const http = axl(fp(b));
    try {
      const err = await http.post('CUCM:DB ver=10.5 getPhone', '<x/>').then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof CucmCertificateMismatchError, String(err));
      assert.ok(err.message.includes(`presented has SHA-256 fingerprint ${fp(a)}`), err.message);
      assert.ok(err.message.includes(`the lab pins ${fp(b)}`), err.message);
      assert.match(err.message, new RegExp(`AXL at ${url.replace(/[.]/g, '\\.')}`));
      assert.ok(!err.message.includes(PASSWORD));
      assert.deepEqual(seen, [], 'a request (with its Authorization header) reached a server with another certificate');
    } finally {
      http.close();
    }
  });

  it('web: Chromium opens the pinned server; another certificate is refused before Chromium starts', async () => {
    const { browser, context } = await launchCucmBrowser({ url, tls: { fingerprint: fp(a) }, timeoutMs: 5000 });
    try {
      const page = await context.newPage();
      await page.goto(url);
      assert.equal(await page.title(), 'Cisco Unified CM Console');
    } finally {
      await browser.close();
    }
    const err = await launchCucmBrowser({ url, tls: { fingerprint: fp(b) }, timeoutMs: 5000 }).then(
      () => assert.fail('launched'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CucmCertificateMismatchError, String(err));
    assert.match(err.message, new RegExp(`fingerprint ${fp(a)}, but the lab pins ${fp(b)}`));
  });

  it('web: a server that shows the pinned certificate to the check and another to Chromium is refused by Chromium', async () => {
    switchAfter = 1; // the check's handshake is the first
    const { browser, context } = await launchCucmBrowser({ url, tls: { fingerprint: fp(a) }, timeoutMs: 5000 });
    try {
      const page = await context.newPage();
      await assert.rejects(page.goto(url), /ERR_CERT|net::/);
      assert.deepEqual(seen, []);
    } finally {
      await browser.close();
    }
  });

  it('the lab file: fingerprint accepted, a malformed one and insecure + fingerprint refused with their field', async () => {
    const base = await readFile(path.resolve('labs/virtual.yaml'), 'utf8');
    const write = async (name: string, tls: string): Promise<string> => {
      const file = path.join(tmp.dir, name);
      await writeFile(file, base.replace('tls: { insecure: true }', `tls: ${tls}`).replace(/loadsFile: loads\//g, `loadsFile: ${path.resolve('labs/loads')}/`));
      return file;
    };
    const ok = await validateLabCommand(await write('ok.yaml', `{ fingerprint: "${a.printed}" }`));
    assert.equal(ok.exitCode, 0, ok.output);
    const bad = await validateLabCommand(await write('bad.yaml', '{ fingerprint: "SHA256:abc" }'));
    assert.equal(bad.exitCode, 2);
    assert.match(bad.output, /bad\.yaml:\d+:\d+ cucm\.tls\.fingerprint: expected the SHA-256 fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it/);
    const both = await validateLabCommand(await write('both.yaml', `{ insecure: true, fingerprint: "${fp(a)}" }`));
    assert.equal(both.exitCode, 2);
    assert.match(both.output, /cucm\.tls\.insecure: insecure: true accepts any certificate, which contradicts a pinned fingerprint/);
  });

  describe('the virtual CUCM, pinned in the lab file', () => {
    let v: VirtualCucm;
    let labText = '';
    before(async () => {
      // The virtual lab's own phones, as the lab file names them (the probe opens one per model).
      const lab = await loadLab(path.resolve('labs/virtual.yaml'));
      v = await startVirtualCucm({ phones: lab.spec.phones.map((p) => ({ name: p.name, model: p.model })) });
      labText = (await readFile(path.resolve('labs/virtual.yaml'), 'utf8'))
        .replace(/password: virtual:\S+/, `password: virtual:${PASSWORD}`)
        .replace('url: https://10.10.0.10/', `url: ${v.cucm.url}`)
        .replace(/axl: \{ enabled: true[^}]*\}/, `axl: { enabled: true, url: ${new URL('axl/', v.cucm.url).toString()} }`)
        .replace(/loadsFile: loads\//g, `loadsFile: ${path.resolve('labs/loads')}/`);
    });
    after(async () => {
      await v?.close();
    });

    it('cucm probe reaches the pages and AXL with the certificate pinned; with another pin it stops, naming both', async () => {
      const pin = new X509Certificate(v.cucm.certificatePem).fingerprint256;
      const good = path.join(tmp.dir, 'pinned.yaml');
      // The same lab file also states the PFS built-in default: the probe says it is the lab's.
      await writeFile(good, labText.replace('tls: { insecure: true }', `tls: { fingerprint: "sha256 Fingerprint=${pin}" }\n  pfsBuiltInDefault: Enabled`));
      const r = await cucmProbeCommand(good, { evidence: { dir: path.join(tmp.dir, 'evidence') } });
      assert.equal(r.exitCode, 0, r.output);
      assert.match(r.output, /login: ok/);
      assert.match(r.output, /AXL .*: reachable/);
      assert.match(r.output, /PFS built-in default: Enabled \(the lab's cucm\.pfsBuiltInDefault\)/);

      const wrong = path.join(tmp.dir, 'wrong-pin.yaml');
      await writeFile(wrong, labText.replace('tls: { insecure: true }', `tls: { fingerprint: "${fp(b)}" }`));
      const w = await cucmProbeCommand(wrong, { evidence: { dir: path.join(tmp.dir, 'evidence') } });
      assert.notEqual(w.exitCode, 0, w.output);
      assert.ok(w.output.includes(`presented has SHA-256 fingerprint ${pin}, but the lab pins ${fp(b)}`), w.output);
      assert.ok(!w.output.includes(PASSWORD));
    });
  });
});
