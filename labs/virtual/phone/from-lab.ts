// From a lab description (labs/virtual.yaml) to the PhoneSpecs of its virtual phones: what
// the virtual lab's bring-up needs to start them. The lab's console.ssh.login steps are the
// harness's side of the dialog (expect a regex, send an answer); the phone's side is the
// same dialog turned around: it prints the expected text and requires the answer.
import { phoneFaultsOf } from '../../../harness/lab/fault-switches.ts';
import type { LoadedLab } from '../../../harness/lab/load.ts';
import type { FaultSpec, LabSpec } from '../../../harness/lab/schema.ts';
import type { SecretContext } from '../../../harness/lab/secrets.ts';
import { resolveSecret } from '../../../harness/lab/secrets.ts';
import type { ConsoleLoginStep, PhoneFault, PhoneSpec, PhoneTiming } from './spec.ts';

type LabPhone = LabSpec['phones'][number];

export interface FromLabOptions {
  /** The load each phone runs before the upgrade, by model (default: the lab's baseline, else the target's family with release 9-3-1SR1-1S). */
  initialLoad?: (phone: LabPhone) => string;
  /** A test factor on top of the lab's timeScale. */
  timing?: Partial<PhoneTiming>;
  secrets?: SecretContext;
}

export async function phoneSpecsFromLab(loaded: LoadedLab, o: FromLabOptions = {}): Promise<PhoneSpec[]> {
  const { spec } = loaded;
  const cidrOf = new Map(spec.subnets.map((s) => [s.name, s.cidr]));
  return Promise.all(
    spec.phones.map(async (p): Promise<PhoneSpec> => {
      const cidr = cidrOf.get(p.subnet);
      if (!cidr) throw new Error(`${p.name}: subnet ${p.subnet} is not in the lab`);
      const resolved = loaded.loads.find((l) => l.models.includes(p.model));
      const load = resolved?.load.id;
      const ssh = p.console?.ssh;
      return {
        name: p.name.toUpperCase(),
        model: p.model,
        ip: p.ip,
        cidr,
        tftpServer: spec.tftp.server,
        tftpPort: spec.tftp.port,
        // The lab's baseline when it names one (its files are on the TFTP server), as the lab's bring-up does.
        initialLoad: o.initialLoad?.(p) ?? resolved?.baseline?.id ?? `${(load ?? 'SCCP41.x').split('.')[0]}.9-3-1SR1-1S`,
        timing: { ...o.timing, scale: (spec.timeScale ?? 1) * (o.timing?.scale ?? 1) },
        faults: faultsForPhone(spec.faults, p),
        web: { port: p.console?.web?.port ?? 80, enabled: p.console?.web?.enabled ?? true },
        ssh: ssh && {
          port: ssh.port,
          prompt: promptText(ssh.prompt),
          login: await Promise.all(
            ssh.login.map(async (s): Promise<ConsoleLoginStep> => ({
              prompt: `${promptText(s.expect).trimEnd()} `,
              answer: s.sendSecret !== undefined ? await resolveSecret(s.sendSecret, { kind: spec.kind, ...o.secrets }) : (s.send ?? ''),
              secret: s.sendSecret !== undefined,
            })),
          ),
        },
      };
    }),
  );
}

/** The phone-side faults the lab arms for this phone (by phone name, by model, or for all). */
export function faultsForPhone(faults: readonly FaultSpec[], phone: Pick<LabPhone, 'name' | 'model'>): PhoneFault[] {
  return phoneFaultsOf(faults, phone);
}

/** The text a regex like `login:` or `\$ $` matches literally: escapes removed, anchors dropped. */
export function promptText(regex: string): string {
  return regex.replace(/^\^/, '').replace(/(?<!\\)\$$/, '').replace(/\\(.)/g, '$1');
}
