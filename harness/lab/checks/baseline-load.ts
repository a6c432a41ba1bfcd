// A baseline must be a load the target's phones can run and that the analysis can tell
// apart from the target: same family (a phone only runs loads of its own family), another
// id (else "bring back to baseline" changes nothing), and no component name shared with the
// target (files are told apart by name: a shared name would make a downgrade's copies look
// like the upgrade's, and the TFTP server could hold only one of the two files).

import type { Load } from '../../formats/load.ts';
import type { LoadSpec } from '../schema.ts';
import type { PathIssue } from './types.ts';

type BaselineSpec = NonNullable<LoadSpec['baseline']>;

/** Issues of a resolved baseline against its resolved target, at paths under `at` (loads[i].baseline). */
export function checkBaselineLoad(target: Load, baseline: Load, spec: BaselineSpec, at: (string | number)[]): PathIssue[] {
  const issues: PathIssue[] = [];
  // Where the id comes from: written inline, or read from the manifest.
  const idPath = spec.loadsFile === undefined || spec.id !== undefined ? [...at, 'id'] : [...at, 'loadsFile'];
  const targetFamily = familyOf(target.id);
  const baselineFamily = familyOf(baseline.id);
  if (baselineFamily !== targetFamily) {
    issues.push({ path: idPath, message: `baseline ${baseline.id} is a ${baselineFamily} load; the target ${target.id} is ${targetFamily}: a phone runs only loads of its own family` });
  } else if (baseline.id === target.id) {
    issues.push({ path: idPath, message: `baseline ${baseline.id} is the target load itself: give the load the phones are brought back to between upgrades` });
  }
  const targetFiles = new Set(target.files.map((f) => f.name));
  baseline.files.forEach((f, i) => {
    if (!targetFiles.has(f.name)) return;
    const message = `${f.name} is also a component of the target ${target.id}: baseline and target components need different names`;
    if (spec.loadsFile === undefined) issues.push({ path: [...at, 'files', i, 'name'], message });
    else issues.push({ path: [...at, 'sizes', f.name], anchor: 'key', message });
  });
  return issues;
}

/** SCCP41.9-4-2SR2-2S -> SCCP41 (the schema guarantees the form). */
function familyOf(id: string): string {
  return id.split('.')[0] ?? id;
}
