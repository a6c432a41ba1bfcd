// What the virtual lab cannot build although the lab description is valid: checked before
// anything is created, each problem pinned to its line. The loader already refuses unknown
// fault switches and a port powering two phones; the network plan refuses more phones than
// a subnet has addresses. What is left is what only this lab's devices limit.

import { formatPath } from '../../../harness/lab/errors.ts';
import type { LabIssue, LoadedLab } from '../../../harness/lab/index.ts';
import { isCucmFault, isNetworkFault } from '../../../harness/lab/index.ts';

/** The virtual switch's USM supports these (net-snmp's agent); a real switch may do more. */
const V3_AUTH = ['MD5', 'SHA'];
const V3_PRIV = ['DES', 'AES'];
/** ifName-style ports are numbered 1.. in group 1; group-port ones must stay below this so both fit one ifIndex scheme. */
export const MAX_PORT = 999;

export function virtualLabIssues(lab: LoadedLab): LabIssue[] {
  const issues: LabIssue[] = [];
  const at = (path: (string | number)[], message: string) => {
    const pos = lab.locate(path);
    issues.push({ file: lab.file, line: pos.line, col: pos.col, path: formatPath(path), message });
  };
  const spec = lab.spec;
  if (spec.kind !== 'virtual') at(['kind'], `the virtual lab builds only labs of kind virtual (this one is ${spec.kind})`);
  for (const [i, sw] of spec.switches.entries()) {
    const snmp = sw.snmp;
    if (snmp.version === '2c') continue;
    if (snmp.authProtocol !== undefined && !V3_AUTH.includes(snmp.authProtocol))
      at(['switches', i, 'snmp', 'authProtocol'], `the virtual switch supports ${V3_AUTH.join(' and ')} only`);
    if (snmp.privProtocol !== undefined && !V3_PRIV.includes(snmp.privProtocol))
      at(['switches', i, 'snmp', 'privProtocol'], `the virtual switch supports ${V3_PRIV.join(' and ')} only`);
  }
  for (const [i, phone] of spec.phones.entries()) {
    const port = phone.port;
    if (port === undefined) continue;
    const sw = spec.switches.find((s) => s.name === port.switch);
    if (!sw) continue; // the loader reports unknown switches
    if (port.ifName === undefined && (port.port ?? 0) > MAX_PORT) at(['phones', i, 'port', 'port'], `the virtual switch numbers ports 1..${MAX_PORT}`);
    const mixed = spec.phones.some((p) => p.port?.switch === sw.name && (p.port.ifName === undefined) !== (port.ifName === undefined));
    if (mixed) at(['phones', i, 'port'], `phones on ${sw.name} mix ifName and group/port: the virtual switch needs one style per switch`);
  }
  for (const [i, fault] of spec.faults.entries()) {
    // Every id the schema accepts has a side in the one table (harness/lab/fault-switches.ts).
    const cucmSide = isCucmFault(fault.id);
    const networkSide = isNetworkFault(fault.id);
    if (networkSide && (fault.phones !== undefined || fault.models !== undefined)) at(['faults', i], `${fault.id} is a fault of the lab's capture points: it applies to no phone or model`);
    if (cucmSide && fault.phones !== undefined) at(['faults', i, 'phones'], `${fault.id} is a CUCM fault: it applies per model (models:), not per phone`);
    for (const name of fault.phones ?? []) {
      if (!spec.phones.some((p) => p.name.toUpperCase() === name.toUpperCase())) at(['faults', i, 'phones'], `no phone ${name} in this lab`);
    }
  }
  return issues;
}
