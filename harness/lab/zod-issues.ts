// Turns zod's issues into lab issues: a YAML position, a readable path, and a message
// written for the lab author (zod's defaults are written for programmers).

import type { z } from 'zod';
import type { LabIssue } from './errors.ts';
import { formatPath } from './errors.ts';
import { INLINE_SECRET_PARAM, suggestedEnvName } from './schema/secret-ref.ts';
import { closest } from './spelling.ts';
import type { YamlLocator } from './yaml-positions.ts';
import { allowedKeysAt } from './zod-walk.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function labIssuesFromZod(
  issues: readonly Issue[],
  ctx: { file: string; data: unknown; locator: YamlLocator; schema: z.ZodType },
): LabIssue[] {
  const out: LabIssue[] = [];
  const at = (path: Path, message: string, anchor: 'value' | 'key' = 'value') => {
    const { line, col } = ctx.locator.locate(path, anchor);
    out.push({ file: ctx.file, line, col, path: formatPath(path), message });
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(ctx.schema, issue.path, ctx.data);
      for (const key of issue.keys) at([...issue.path, key], unknownKeyMessage(key, allowed), 'key');
    } else if (issue.code === 'invalid_key') {
      // A record key (e.g. a file name under sizes:) that does not fit: pin it to the key.
      const inner = issue.issues[0]?.message ?? 'invalid key';
      at(issue.path, `key: ${inner}`, 'key');
    } else {
      at(issue.path, messageFor(issue, valueAt(ctx.data, issue.path)));
    }
  }
  return out;
}

function messageFor(issue: Issue, value: unknown): string {
  if (value === undefined && issue.code !== 'custom') return 'required, but missing';
  switch (issue.code) {
    case 'invalid_type':
      // A message the schema wrote itself is kept; zod's own default is rephrased.
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      if (issue.expected === 'boolean') return `expected true or false, got ${describeValue(value)}`;
      return `expected ${article(issue.expected)}, got ${describeValue(value)}`;
    case 'invalid_value': {
      const values = dedupe(issue.values.map(String));
      const got = `, got ${JSON.stringify(value)}`;
      return values.length === 1 ? `expected ${values[0]}${got}` : `expected one of ${values.join(', ')}${got}`;
    }
    case 'invalid_union':
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        return `expected one of ${dedupe(issue.options.map(String)).join(', ')}, got ${JSON.stringify(value)}`;
      }
      return unionMessage(issue, value);
    case 'too_small':
      return sizeMessage(issue.origin, Number(issue.minimum), issue.inclusive ?? true, 'min');
    case 'too_big':
      return sizeMessage(issue.origin, Number(issue.maximum), issue.inclusive ?? true, 'max');
    case 'custom':
      if (issue.params?.[INLINE_SECRET_PARAM] === true) {
        return `inline secrets are not allowed; write env:${suggestedEnvName(issue.path as (string | number)[])} and export it, or file:/path/outside/repo`;
      }
      return issue.message;
    default:
      return issue.message;
  }
}

function unionMessage(issue: Extract<Issue, { code: 'invalid_union' }>, value: unknown): string {
  // When every branch failed on its type, say which types would do.
  const expected = issue.errors
    .map((branch) => branch.find((i) => i.code === 'invalid_type' && i.path.length === 0))
    .filter((i): i is Extract<Issue, { code: 'invalid_type' }> => i !== undefined)
    .map((i) => i.expected);
  if (expected.length === issue.errors.length && expected.length > 0) {
    return `expected ${dedupe(expected).map(article).join(' or ')}, got ${describeValue(value)}`;
  }
  const firstBranchMessage = issue.errors.flat()[0]?.message;
  return firstBranchMessage ?? issue.message;
}

function sizeMessage(origin: string, bound: number, inclusive: boolean, side: 'min' | 'max'): string {
  if (origin === 'array' || origin === 'set') {
    if (side === 'min') return bound <= 1 ? 'must not be empty' : `needs at least ${bound} entries`;
    return `allows at most ${bound} entries`;
  }
  if (origin === 'string') {
    if (side === 'min') return bound <= 1 ? 'must not be empty' : `needs at least ${bound} characters`;
    return `allows at most ${bound} characters`;
  }
  if (side === 'min') return inclusive ? `must be at least ${bound}` : `must be greater than ${bound}`;
  return inclusive ? `must be at most ${bound}` : `must be less than ${bound}`;
}

export function unknownKeyMessage(key: string, allowed: readonly string[] | undefined): string {
  if (!allowed || allowed.length === 0) return `unknown key "${key}"`;
  const guess = closest(key, allowed);
  if (guess) return `unknown key "${key}" (did you mean "${guess}"?)`;
  return `unknown key "${key}"; allowed here: ${allowed.join(', ')}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let node = data;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[part];
  }
  return node;
}

/** Names the kind of value, never the value: the field may be a secret. */
function describeValue(value: unknown): string {
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return article(typeof value);
}

function article(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'integer':
    case 'int':
      return 'an integer';
    case 'undefined':
      return 'nothing';
    default:
      return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
  }
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
