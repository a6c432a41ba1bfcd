// Every phone's model needs a target load, or an upgrade test has nothing to upgrade to.
// Fault switches may only name phones and models that are in the lab.

import { modelInfo, modelsOfLoadPrefix } from '../../formats/phone-models.ts';
import type { LabSpec } from '../schema.ts';
import type { PathIssue } from './types.ts';

export function checkPhoneLoads(spec: LabSpec): PathIssue[] {
  const issues: PathIssue[] = [];
  // From the entries as written, not from the resolved loads: an entry whose .loads file is
  // broken is reported there, and must not also make its phones look load-less.
  const covered = new Set(spec.loads.flatMap((l) => l.models.flatMap((m) => (modelInfo(m) ? [m] : modelsOfLoadPrefix(m)))));
  const reported = new Set<string>();
  spec.phones.forEach((phone, i) => {
    if (covered.has(phone.model) || reported.has(phone.model)) return;
    // Once per model: twelve identical errors bury the other problems.
    reported.add(phone.model);
    issues.push({ path: ['phones', i, 'model'], message: `no load for ${phone.model}: add it to a loads[] entry's models` });
  });

  const phoneNames = new Set(spec.phones.map((p) => p.name.toUpperCase()));
  const models = new Set(spec.phones.map((p) => p.model));
  spec.faults.forEach((fault, i) => {
    fault.phones?.forEach((name, j) => {
      if (!phoneNames.has(name.toUpperCase())) issues.push({ path: ['faults', i, 'phones', j], message: `no phone ${name} in this lab` });
    });
    fault.models?.forEach((model, j) => {
      if (!models.has(model)) issues.push({ path: ['faults', i, 'models', j], message: `no phone of model ${model} in this lab` });
    });
  });
  return issues;
}
