// The body of `pfslab lab validate FILE`: OK with a one-line summary, or every issue one
// per line (file:line:col path: message) and exit code 2.

import { formatIssue, LabError } from './errors.ts';
import { loadLab } from './load.ts';

export async function validateLabCommand(file: string): Promise<{ exitCode: 0 | 2; output: string }> {
  try {
    const lab = await loadLab(file);
    const { spec } = lab;
    const counts = [
      plural(spec.phones.length, 'phone'),
      plural(spec.subnets.length, 'subnet'),
      plural(spec.switches.length, 'switch', 'switches'),
      plural(lab.loads.length, 'load'),
      plural(spec.captures.length, 'capture'),
    ];
    if (spec.kind === 'virtual') counts.push(plural(spec.faults.length, 'fault'));
    // Which references must be resolvable at run time: names only, never values.
    const refs = [...new Set(lab.secrets.filter((s) => s.ref.scheme !== 'virtual').map((s) => s.ref.text))];
    const needs = refs.length > 0 ? `\n  secrets needed at run time: ${refs.join(', ')}` : '';
    return { exitCode: 0, output: `${file}: OK, ${spec.kind} lab ${spec.name} (${counts.join(', ')})${needs}\n` };
  } catch (e) {
    if (!(e instanceof LabError)) throw e;
    const lines = e.issues.map(formatIssue);
    lines.push(`${file}: ${plural(e.issues.length, 'error')}`);
    return { exitCode: 2, output: `${lines.join('\n')}\n` };
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
