// Resolving secret references (see schema/secret-ref.ts for the forms and why). Errors say
// which variable, file or key is missing and how to provide it, and never contain a value.
// Every resolved value is registered for redaction before it is returned.

import { InputFileError, readBoundedText } from '../io/bounded-file.ts';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { forbiddenRoots, repositoryContaining } from './repo-paths.ts';
import type { SecretRegistry } from './secret-registry.ts';
import { secretRegistry } from './secret-registry.ts';
import type { SecretRef } from './schema/secret-ref.ts';
import { parseSecretRef, secretRefLabel } from './schema/secret-ref.ts';

export { redact, SecretRegistry, secretRegistry } from './secret-registry.ts';
export type { SecretRef } from './schema/secret-ref.ts';

export class SecretError extends Error {
  constructor(
    readonly ref: string,
    detail: string,
  ) {
    super(`${ref}: ${detail}`);
    this.name = 'SecretError';
  }
}

export interface SecretContext {
  /** Environment to read env: refs and PFSLAB_SECRETS from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The lab's kind: virtual: refs are refused in a real lab. */
  kind?: 'virtual' | 'real';
  /** Directories whose work trees a secret file must not be in (the lab file's, usually). */
  nearPaths?: string[];
  /** Where resolved values are registered for redaction (default: the process registry). */
  registry?: SecretRegistry;
}

export async function resolveSecret(ref: string | SecretRef, ctx: SecretContext = {}): Promise<string> {
  const parsed = typeof ref === 'string' ? parseSecretRef(ref) : { ok: true as const, ref };
  const text = typeof ref === 'string' ? ref : ref.text;
  if (!parsed.ok) throw new SecretError(secretRefLabel(text), parsed.message);
  const value = await lookUp(parsed.ref, ctx);
  (ctx.registry ?? secretRegistry).add(value, parsed.ref.label);
  return value;
}

async function lookUp(ref: SecretRef, ctx: SecretContext): Promise<string> {
  const env = ctx.env ?? process.env;
  switch (ref.scheme) {
    case 'env': {
      const value = env[ref.target];
      if (value === undefined) throw new SecretError(ref.label, `environment variable ${ref.target} is not set; export it (or use file:/path/outside/repo)`);
      if (value === '') throw new SecretError(ref.label, `environment variable ${ref.target} is set but empty`);
      return value;
    }
    case 'file': {
      const content = await readSecretFile(ref.label, ref.target, ctx, 'secret file');
      // Editors add a final newline; it is never part of the secret.
      const value = content.replace(/\r?\n$/, '');
      if (value === '') throw new SecretError(ref.label, `${ref.target} is empty`);
      return value;
    }
    case 'secrets':
      return fromSecretsFile(ref, env, ctx);
    case 'virtual':
      if (ctx.kind === 'real') throw new SecretError(ref.label, 'virtual: values are for virtual labs only; a real lab needs env:, file: or secrets:');
      return ref.target;
  }
}

async function readSecretFile(refText: string, path: string, ctx: SecretContext, kind: 'secret file' | 'secrets file (PFSLAB_SECRETS)'): Promise<string> {
  const inRepo = repositoryContaining(path, forbiddenRoots(process.cwd(), ...(ctx.nearPaths ?? [])));
  if (inRepo) throw new SecretError(refText, `${path} is inside the repository ${inRepo}; keep secret files outside any repository`);
  try {
    return await readBoundedText(path, kind);
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    // A file: reference already names the path; PFSLAB_SECRETS's file is named here.
    throw new SecretError(refText, kind === 'secret file' ? e.reason : e.message);
  }
}

async function fromSecretsFile(ref: SecretRef, env: NodeJS.ProcessEnv, ctx: SecretContext): Promise<string> {
  const file = env.PFSLAB_SECRETS;
  if (file === undefined || file === '') {
    throw new SecretError(ref.label, 'PFSLAB_SECRETS is not set; point it at a YAML file outside the repository that maps keys to secrets');
  }
  const path = resolve(file);
  const content = await readSecretFile(ref.label, path, ctx, 'secrets file (PFSLAB_SECRETS)');
  let data: unknown;
  try {
    data = parseYaml(content);
  } catch (e) {
    // The YAML error text may quote a line of the file, i.e. a secret: keep only its position.
    const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    throw new SecretError(ref.label, `${path} (PFSLAB_SECRETS) is not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SecretError(ref.label, `${path} (PFSLAB_SECRETS) must be a YAML mapping of KEY: secret`);
  }
  const record = data as Record<string, unknown>;
  if (!(ref.target in record)) {
    const keys = Object.keys(record);
    throw new SecretError(ref.label, `key ${ref.target} not found in ${path} (PFSLAB_SECRETS)${keys.length ? `; keys there: ${keys.join(', ')}` : ''}`);
  }
  const value = record[ref.target];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value === '') {
    throw new SecretError(ref.label, `key ${ref.target} in ${path} (PFSLAB_SECRETS) must be a non-empty string`);
  }
  return value;
}
