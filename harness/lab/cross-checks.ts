// Checks that need the whole lab, run after the schema has passed: references, duplicates,
// addresses, loads per model, what a real lab may not contain.

import { checkAddresses } from './checks/addresses.ts';
import { checkIdentity } from './checks/identity.ts';
import { checkLabKind } from './checks/lab-kind.ts';
import { checkPhoneLoads } from './checks/phone-loads.ts';
import { checkReferences } from './checks/references.ts';
import type { PathIssue } from './checks/types.ts';
import type { LabSpec } from './schema.ts';
import type { SecretField } from './secret-fields.ts';

export type { PathIssue } from './checks/types.ts';

export function crossCheck(
  spec: LabSpec,
  ctx: { secrets: readonly SecretField[]; labFile: string },
): PathIssue[] {
  return [
    ...checkReferences(spec),
    ...checkIdentity(spec),
    ...checkAddresses(spec),
    ...checkPhoneLoads(spec),
    ...checkLabKind(spec, ctx.secrets, ctx.labFile),
  ];
}
