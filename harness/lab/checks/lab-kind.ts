// What a real lab may not contain: virtual-only settings (they would be silently ignored,
// and a reader would believe the WAN is shaped or a fault is armed) and virtual: secret
// values (in a real lab that is an inline secret by another name). Also: no secret file
// inside a repository, whatever the kind.

import { forbiddenRoots, repositoryContaining } from '../repo-paths.ts';
import type { LabSpec } from '../schema.ts';
import { suggestedEnvName } from '../schema/secret-ref.ts';
import type { SecretField } from '../secret-fields.ts';
import type { PathIssue } from './types.ts';

export function checkLabKind(spec: LabSpec, secrets: readonly SecretField[], labFile: string): PathIssue[] {
  const issues: PathIssue[] = [];
  if (spec.kind === 'real') {
    const virtualOnly: [keyof LabSpec, boolean, string][] = [
      ['timeScale', spec.timeScale !== undefined, 'a real lab runs in real time'],
      ['sizeScale', spec.sizeScale !== undefined, 'a real lab serves its files at their real size'],
      ['wan', spec.wan !== undefined, 'a real lab\'s WAN is not shaped by pfslab'],
      ['faults', spec.faults.length > 0, 'a real lab\'s faults are its own'],
    ];
    for (const [key, present, why] of virtualOnly) {
      if (present) issues.push({ path: [key], anchor: 'key', message: `${key} is for virtual labs only; remove it (${why})` });
    }
    // Trust switched off is for emulated devices only: a real lab's servers prove who they are.
    spec.captures.forEach((c, i) => {
      if (c.ssh?.hostKey?.insecure === true) issues.push({ path: ['captures', i, 'ssh', 'hostKey', 'insecure'], message: 'hostKey.insecure is for virtual labs only; pin the fingerprint, name a knownHosts file, or use acceptNew' });
    });
    spec.phones.forEach((p, i) => {
      if (p.console?.ssh?.hostKey?.insecure === true) issues.push({ path: ['phones', i, 'console', 'ssh', 'hostKey', 'insecure'], message: 'hostKey.insecure is for virtual labs only; pin the fingerprint, name a knownHosts file, or use acceptNew' });
    });
    if (spec.cucm.tls?.insecure === true) issues.push({ path: ['cucm', 'tls', 'insecure'], message: 'tls.insecure is for virtual labs only; name the CA (or CUCM\'s own certificate) in tls.ca, or pin its SHA-256 fingerprint in tls.fingerprint' });
    if (spec.logServer && spec.logServer.address === undefined) {
      issues.push({ path: ['logServer'], anchor: 'key', message: "logServer needs the harness's address as the phones reach it (address: ...); pfslab cannot guess it in a real lab" });
    }
    for (const s of secrets) {
      if (s.ref.scheme === 'virtual') {
        issues.push({ path: s.path, message: `virtual: values are for virtual labs only; write env:${suggestedEnvName(s.path)} and export it, or file:/path/outside/repo` });
      }
    }
  }
  const roots = forbiddenRoots(labFile, process.cwd());
  for (const s of secrets) {
    if (s.ref.scheme !== 'file') continue;
    const repo = repositoryContaining(s.ref.target, roots);
    if (repo) issues.push({ path: s.path, message: `${s.ref.target} is inside the repository ${repo}; keep secret files outside any repository` });
  }
  return issues;
}
