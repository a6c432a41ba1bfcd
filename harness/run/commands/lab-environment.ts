// The report's Environment: what a reader needs to compare two runs (which lab, which
// CUCM, which loads for which models). Never a credential: only names and versions.
import type { LoadedLab } from '../../lab/index.ts';

export function labEnvironment(lab: LoadedLab): Record<string, string> {
  const s = lab.spec;
  const models = [...new Set(s.phones.map((p) => p.model))].sort();
  const env: Record<string, string> = {
    lab: s.name,
    'lab kind': s.kind,
    'lab file': lab.file,
    'CUCM version': s.cucm.version,
    phones: String(s.phones.length),
    models: models.map((m) => `${m} x${s.phones.filter((p) => p.model === m).length}`).join(', '),
    subnets: s.subnets.map((x) => `${x.name} ${x.cidr}`).join(', '),
    loads: lab.loads.map((l) => `${l.load.id} (${l.models.filter((m) => models.includes(m)).join(' ') || 'no phone'})`).join(', '),
    faults: s.faults.length === 0 ? 'none' : s.faults.map((f) => f.id).join(', '),
    node: process.version,
  };
  if (s.wan) env.WAN = `${String(s.wan.bandwidth)}, RTT ${s.wan.rttMs} ms, loss ${s.wan.lossPercent} %`;
  if (s.kind === 'virtual') env['virtual lab scale'] = `time ${s.timeScale ?? 1}, sizes ${String(s.sizeScale ?? 1)}`;
  return env;
}
