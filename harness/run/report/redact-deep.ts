// Scrubs registered secrets from every string inside a value, in place. Used on Allure test
// results before they are written, because error messages, traces, step names and
// parameters all become files in allure-results (design rule 6).
import { redact } from '../../lab/index.ts';

export function redactDeep<T>(value: T): T {
  walk(value, new Set());
  return value;
}

function walk(value: unknown, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = record[key];
    if (typeof v === 'string') record[key] = redact(v);
    else walk(v, seen);
  }
}
