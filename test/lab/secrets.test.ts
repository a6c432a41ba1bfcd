import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PFSLAB_ROOT } from '../../harness/lab/repo-paths.ts';
import { redact, resolveSecret, SecretError, SecretRegistry } from '../../harness/lab/secrets.ts';

describe('secrets', () => {
  let dir: string;
  let registry: SecretRegistry;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pfslab-secrets-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    registry = new SecretRegistry();
  });

  const rejectsWith = (p: Promise<unknown>, pattern: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof SecretError, String(e));
      assert.match(e.message, pattern);
      return true;
    });

  describe('env:', () => {
    it('returns the variable and registers it for redaction', async () => {
      const value = await resolveSecret('env:CUCM_PASSWORD', { env: { CUCM_PASSWORD: 's3cr3t!' }, registry });
      assert.equal(value, 's3cr3t!');
      assert.equal(registry.redact('login admin/s3cr3t! ok'), 'login admin/[REDACTED env:CUCM_PASSWORD] ok');
    });

    it('names the missing variable', () =>
      rejectsWith(resolveSecret('env:CUCM_PASSWORD', { env: {}, registry }), /^env:CUCM_PASSWORD: environment variable CUCM_PASSWORD is not set; export it/));

    it('refuses an empty variable', () =>
      rejectsWith(resolveSecret('env:X', { env: { X: '' }, registry }), /environment variable X is set but empty/));
  });

  describe('file:', () => {
    it('reads a file outside the repository, without its final newline', async () => {
      const path = join(dir, 'community');
      await writeFile(path, 'pr1vate\n');
      assert.equal(await resolveSecret(`file:${path}`, { registry }), 'pr1vate');
    });

    it('refuses a file inside the repository', () =>
      rejectsWith(
        resolveSecret(`file:${join(PFSLAB_ROOT, 'package.json')}`, { registry }),
        new RegExp(`is inside the repository ${PFSLAB_ROOT}; keep secret files outside any repository`),
      ));

    it('names the file it cannot read', () =>
      rejectsWith(resolveSecret(`file:${join(dir, 'missing')}`, { registry }), new RegExp(`cannot read the secret file \\(ENOENT\\)`)));

    it('refuses a relative path', () => rejectsWith(resolveSecret('file:secrets/x', { registry }), /needs an absolute path/));
  });

  describe('secrets: ($PFSLAB_SECRETS)', () => {
    it('reads a key of the secrets file', async () => {
      const path = join(dir, 'secrets.yaml');
      await writeFile(path, 'CUCM: "c p w"\nSNMP_RO: 12345\n');
      const env = { PFSLAB_SECRETS: path };
      assert.equal(await resolveSecret('secrets:CUCM', { env, registry }), 'c p w');
      assert.equal(await resolveSecret('secrets:SNMP_RO', { env, registry }), '12345');
    });

    it('names a missing key and the keys that exist (never their values)', async () => {
      const path = join(dir, 'secrets2.yaml');
      await writeFile(path, 'CUCM: topsecret\n');
      await rejectsWith(resolveSecret('secrets:SNMP', { env: { PFSLAB_SECRETS: path }, registry }), new RegExp(`key SNMP not found in ${path} \\(PFSLAB_SECRETS\\); keys there: CUCM$`));
    });

    it('says PFSLAB_SECRETS is not set', () =>
      rejectsWith(resolveSecret('secrets:CUCM', { env: {}, registry }), /PFSLAB_SECRETS is not set/));
  });

  describe('virtual: and inline values', () => {
    it('virtual: gives its value in a virtual lab, and is refused in a real one', async () => {
      assert.equal(await resolveSecret('virtual:pfslab-ro', { kind: 'virtual', registry }), 'pfslab-ro');
      await rejectsWith(resolveSecret('virtual:pfslab-ro', { kind: 'real', registry }), /virtual: values are for virtual labs only/);
    });

    it('an inline value is refused without being repeated', async () => {
      await assert.rejects(resolveSecret('hunter2', { registry }), (e: unknown) => {
        assert.ok(e instanceof SecretError);
        assert.equal(e.message, '(inline value): inline secrets are not allowed');
        return true;
      });
    });
  });

  describe('redaction', () => {
    it('replaces the longest secret first and the URL- and XML-encoded forms', () => {
      registry.add('ab&c d', 'env:A');
      registry.add('ab', 'env:B');
      assert.equal(registry.redact('x=ab&c d; q=ab%26c%20d; <p>ab&amp;c d</p>; ab'), 'x=[REDACTED env:A]; q=[REDACTED env:A]; <p>[REDACTED env:A]</p>; [REDACTED env:B]');
    });

    it('redact() with a plain list', () => {
      assert.equal(redact('user pw1 and pw12', ['pw1', 'pw12']), 'user [REDACTED] and [REDACTED]');
    });
  });
});
