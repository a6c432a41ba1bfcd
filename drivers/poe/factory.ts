// Builds the PoE driver of a lab: one SNMP client and one backend per switch, the backend
// named by the switch's `powerMib` in the lab (default poe_mib: RFC 3621, which every PoE
// switch serves), unless the options override it.
import path from 'node:path';
import type { TeardownJournal } from '../../harness/lab/journal.ts';
import type { LoadedLab } from '../../harness/lab/load.ts';
import type { LabSpec, SwitchSpec } from '../../harness/lab/schema.ts';
import type { SecretContext } from '../../harness/lab/secrets.ts';
import { BACKEND_NAMES, backendNamed } from './backends/index.ts';
import type { BackendName } from './backends/index.ts';
import type { PoeDriver } from './index.ts';
import { SnmpClient } from './snmp-client.ts';
import { openSwitchSessions } from './snmp-session.ts';
import { SnmpPoeDriver } from './snmp-poe-driver.ts';
import { SwitchHandle } from './switch-handle.ts';

export interface PoeDriverOptions {
  /** Backend per switch name, overriding the lab; default poe_mib. */
  backends?: Readonly<Record<string, BackendName>>;
  /** Where changes are journaled (or later, with useJournal). */
  journal?: TeardownJournal;
  /** How secrets are resolved (default: the lab's kind, the process environment). */
  secrets?: SecretContext;
}

/** The backend the lab names for this switch (its powerMib). */
function labBackend(sw: SwitchSpec): BackendName | undefined {
  return BACKEND_NAMES.find((name) => name === sw.powerMib);
}

/** What the driver needs of a lab: its kind (for secrets), switches and phones. */
export type PoeLab = Pick<LabSpec, 'kind' | 'switches' | 'phones'>;

function isLoaded(lab: PoeLab | LoadedLab): lab is LoadedLab {
  return 'spec' in lab;
}

export async function createPoeDriver(lab: PoeLab | LoadedLab, opts: PoeDriverOptions = {}): Promise<PoeDriver> {
  const spec = isLoaded(lab) ? lab.spec : lab;
  const ctx: SecretContext = {
    kind: spec.kind,
    ...(isLoaded(lab) ? { nearPaths: [path.dirname(path.resolve(lab.file))] } : {}),
    ...opts.secrets,
  };
  const switches = new Map<string, SwitchHandle>();
  try {
    for (const sw of spec.switches) {
      const backend = backendNamed(opts.backends?.[sw.name] ?? labBackend(sw) ?? 'poe_mib');
      const client = new SnmpClient(sw.name, await openSwitchSessions(sw, ctx));
      switches.set(sw.name, new SwitchHandle(sw.name, client, backend));
    }
  } catch (error) {
    for (const handle of switches.values()) handle.client.close();
    throw error;
  }
  return new SnmpPoeDriver(switches, spec.phones, opts.journal);
}
