// `pfslab cucm probe --axl-schema DIR`: every AXL request pfslab would send to a cluster of
// the lab's version, checked against the AXLSoap.xsd the user downloaded from that cluster
// (Application > Plugins > Cisco AXL Toolkit), before a run sends one.

import { axlNamespace } from '../soap.ts';
import { axlRequestsPfslabSends } from '../request-catalog.ts';
import { checkRequest } from './check.ts';
import { loadAxlSchema } from './xsd-rules.ts';

export interface AxlSchemaReport {
  schema: string;
  /** The AXL version pfslab speaks (the lab's cucm.version). */
  version: string;
  /** The schema's own version attribute and target namespace, when it has them. */
  schemaVersion: string | undefined;
  checked: number;
  mismatches: { method: string; purpose: string; problem: string }[];
}

export async function checkAxlSchema(dir: string, version: string): Promise<AxlSchemaReport> {
  const schema = await loadAxlSchema(dir);
  const report: AxlSchemaReport = { schema: schema.origin, version, schemaVersion: schema.version, checked: 0, mismatches: [] };
  const ns = schema.targetNamespace;
  if (ns !== undefined && ns !== axlNamespace(version)) {
    report.mismatches.push({ method: '(namespace)', purpose: 'every request', problem: `pfslab sends requests in ${axlNamespace(version)} (cucm.version ${version}); this schema is for ${ns}` });
  }
  for (const req of axlRequestsPfslabSends(version)) {
    report.checked++;
    for (const problem of checkRequest(schema, req)) report.mismatches.push({ method: req.method, purpose: req.purpose, problem });
  }
  return report;
}

export function formatAxlSchemaReport(r: AxlSchemaReport): string[] {
  const lines = [`  AXL schema ${r.schema} (schema version ${r.schemaVersion ?? 'not stated'}; pfslab speaks ${r.version}): ${r.checked} requests checked`];
  for (const m of r.mismatches) lines.push(`    MISMATCH ${m.method} (${m.purpose}): ${m.problem}`);
  if (r.mismatches.length === 0) lines.push('    every request pfslab sends fits this schema (element names and nesting; values are not checked)');
  return lines;
}
