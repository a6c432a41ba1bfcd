// Every secret reference in a lab, with where it is: found by walking the schema with the
// data, so a secret field added to the schema is covered without touching this file.

import type { SecretRef } from './schema/secret-ref.ts';
import { parseSecretRef, SECRET_FIELDS } from './schema/secret-ref.ts';
import { LabSchema } from './schema.ts';
import type { LabSpec } from './schema.ts';
import { findFields } from './zod-walk.ts';

export interface SecretField {
  path: (string | number)[];
  ref: SecretRef;
}

export function secretFieldsOf(spec: LabSpec): SecretField[] {
  return findFields(LabSchema, spec, (s) => SECRET_FIELDS.has(s)).flatMap(({ path, value }) => {
    if (typeof value !== 'string') return [];
    const parsed = parseSecretRef(value);
    return parsed.ok ? [{ path, ref: parsed.ref }] : [];
  });
}
