// Secret references: the only form a password, community or key may take in a lab file.
//
//   env:NAME        the environment variable NAME (the usual way: CI injects it)
//   file:/abs/path  the whole content of a file OUTSIDE any repository (trailing newline dropped)
//   secrets:KEY     key KEY of the YAML mapping in the file named by $PFSLAB_SECRETS
//   virtual:VALUE   a value a virtual lab makes up for its own devices; refused in a real lab
//
// WHY `virtual:` and not inline strings: the virtual lab's CUCM, switch and phones accept
// whatever credentials the lab file says, so there is nothing to protect, and the default
// lab must run without anyone exporting anything. Spelling it `virtual:` keeps the rule
// "a plain string in a secret field is an error" true everywhere, makes the exception
// visible in review, and lets the loader refuse it in a real lab (where it would be an
// inline secret in disguise). Virtual values are still registered for redaction, so the
// virtual lab also proves that logs are scrubbed.

import { isAbsolute } from 'node:path';
import { z } from 'zod';

export type SecretScheme = 'env' | 'file' | 'secrets' | 'virtual';

export interface SecretRef {
  scheme: SecretScheme;
  /** env: variable name; file: absolute path; secrets: key; virtual: the value itself. */
  target: string;
  /** The reference as written, e.g. env:CUCM_PASSWORD. For virtual: it holds the value itself. */
  text: string;
  /** What messages may show: the reference as written, except that a virtual: value is not. */
  label: string;
}

/** A reference as messages may name it: never a virtual: value, nor the text of one that does not parse. */
export function secretRefLabel(text: string): string {
  const parsed = parseSecretRef(text);
  if (parsed.ok) return parsed.ref.label;
  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon) : '';
  return parsed.inline ? '(inline value)' : `${scheme}:(not a valid reference)`;
}

const labelOf = (scheme: SecretScheme, text: string): string => (scheme === 'virtual' ? 'virtual:(value not shown)' : text);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRETS_KEY = /^[A-Za-z0-9_./-]+$/;

/** JSON Schema pattern for editors; the loader's own check below gives the better messages. */
export const SECRET_REF_PATTERN = '^(env:[A-Za-z_][A-Za-z0-9_]*|file:/.+|secrets:[A-Za-z0-9_./-]+|virtual:.+)$';

export type SecretRefParse = { ok: true; ref: SecretRef } | { ok: false; inline: boolean; message: string };

export function parseSecretRef(text: string): SecretRefParse {
  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon) : '';
  const target = text.slice(colon + 1);
  switch (scheme) {
    case 'env':
      return ENV_NAME.test(target)
        ? { ok: true, ref: { scheme, target, text, label: labelOf(scheme, text) } }
        : { ok: false, inline: false, message: `env: needs a variable name ([A-Za-z_][A-Za-z0-9_]*)` };
    case 'file':
      return isAbsolute(target)
        ? { ok: true, ref: { scheme, target, text, label: labelOf(scheme, text) } }
        : { ok: false, inline: false, message: `file: needs an absolute path outside the repository` };
    case 'secrets':
      return SECRETS_KEY.test(target)
        ? { ok: true, ref: { scheme, target, text, label: labelOf(scheme, text) } }
        : { ok: false, inline: false, message: `secrets: needs a key of the $PFSLAB_SECRETS file ([A-Za-z0-9_./-]+)` };
    case 'virtual':
      return target.length > 0
        ? { ok: true, ref: { scheme, target, text, label: labelOf(scheme, text) } }
        : { ok: false, inline: false, message: 'virtual: needs a value, e.g. virtual:pfslab-community' };
    default:
      // Never echo the value: it is probably the very secret that must not be in the file.
      return { ok: false, inline: true, message: 'inline secrets are not allowed' };
  }
}

/** Marks issues whose final message the issue mapper writes (it knows the full path). */
export const INLINE_SECRET_PARAM = 'pfslab-inline-secret';

/** The schemas made by secretRefField, so a walk over schema and data can find every secret. */
export const SECRET_FIELDS = new WeakSet<z.ZodType>();

/** A zod field that holds a secret reference. */
export function secretRefField(description: string) {
  const field = z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseSecretRef(value);
      if (parsed.ok) return;
      ctx.addIssue({
        code: 'custom',
        message: parsed.message,
        params: parsed.inline ? { [INLINE_SECRET_PARAM]: true } : {},
      });
    })
    .meta({
      description: `${description}. A secret reference: env:NAME, file:/abs/path/outside/repo, secrets:KEY ($PFSLAB_SECRETS file) or, in a virtual lab only, virtual:VALUE. Inline secrets are rejected.`,
      pattern: SECRET_REF_PATTERN,
    });
  SECRET_FIELDS.add(field);
  return field;
}

/** The environment variable name to suggest for a field, e.g. cucm.password -> CUCM_PASSWORD. */
export function suggestedEnvName(path: readonly (string | number)[]): string {
  const words = path.filter((p): p is string => typeof p === 'string');
  return words
    .map((w) => w.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase())
    .join('_');
}
