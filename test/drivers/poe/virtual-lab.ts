// The lab the PoE driver tests run against: two virtual switches on 127.0.0.1,
//  - "generic": 49 PSE ports numbered like their ifIndex (RFC 3621's convention), for poe_mib;
//  - "catalyst": the same ports with Catalyst-style ifIndexes (10101..), for cisco_ext,
//    whose ifName mapping must go through ENTITY-MIB;
// port 49 has nothing plugged in. Each agent is listed in the lab several times, once per
// way in (v2c, v3 SHA/AES, v3 SHA/DES, a read-only community, a wrong community), so one
// driver covers all of them. Communities and keys are test values, not secrets.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startPoeSwitch } from '../../../labs/virtual/switch/index.ts';
import type { PoePortConfig, PoeSwitch } from '../../../labs/virtual/switch/index.ts';
import type { LabPhoneSpec, SwitchSpec } from '../../../harness/lab/schema.ts';
import { SwitchSchema } from '../../../harness/lab/schema/switches.ts';
import { TeardownJournal } from '../../../harness/lab/journal.ts';
import type { PoeDriver, PoeLab } from '../../../drivers/poe/index.ts';

export const RO = 'poe-test-ro';
export const RW = 'poe-test-rw';
export const WRONG = 'poe-test-wrong';
export const V3_AES = { user: 'poe-aes', authKey: 'poe-aes-auth-key', privKey: 'poe-aes-priv-key' } as const;
export const V3_DES = { user: 'poe-des', authKey: 'poe-des-auth-key', privKey: 'poe-des-priv-key' } as const;

export const PORT_COUNT = 49;
/** The port with no powered device: it never reaches deliveringPower. */
export const EMPTY_PORT = 49;

function ports(ifIndexBase: number): PoePortConfig[] {
  return Array.from({ length: PORT_COUNT }, (_, i) => ({
    group: 1,
    port: i + 1,
    ifIndex: ifIndexBase + i + 1,
    ifName: `Gi1/0/${i + 1}`,
    device: i + 1 !== EMPTY_PORT,
  }));
}

export function startSwitch(name: string, ifIndexBase: number, detectDelayMs = 20): Promise<PoeSwitch> {
  return startPoeSwitch({
    address: '127.0.0.1',
    port: 0,
    name,
    ports: ports(ifIndexBase),
    v2c: { readCommunity: RO, writeCommunity: RW },
    v3: [
      { user: V3_AES.user, level: 'authPriv', authProtocol: 'sha', authKey: V3_AES.authKey, privProtocol: 'aes', privKey: V3_AES.privKey, write: true },
      { user: V3_DES.user, level: 'authPriv', authProtocol: 'sha', authKey: V3_DES.authKey, privProtocol: 'des', privKey: V3_DES.privKey, write: true },
    ],
    detectDelayMs,
  });
}

/** The ways into one agent, each a switch entry of the lab named `${base}-${way}`. */
export const WAYS = ['v2c', 'v3aes', 'v3des'] as const;
export type Way = (typeof WAYS)[number] | 'ro' | 'wrong';

export function switchEntry(base: string, way: Way, port: number): SwitchSpec {
  const snmp =
    way === 'v2c'
      ? { version: '2c', community: `virtual:${RO}`, writeCommunity: `virtual:${RW}` }
      : way === 'ro'
        ? { version: '2c', community: `virtual:${RO}` }
        : way === 'wrong'
          ? { version: '2c', community: `virtual:${WRONG}` }
          : {
              version: 3,
              user: way === 'v3aes' ? V3_AES.user : V3_DES.user,
              securityLevel: 'authPriv',
              authProtocol: 'SHA',
              authKey: `virtual:${way === 'v3aes' ? V3_AES.authKey : V3_DES.authKey}`,
              privProtocol: way === 'v3aes' ? 'AES' : 'DES',
              privKey: `virtual:${way === 'v3aes' ? V3_AES.privKey : V3_DES.privKey}`,
            };
  // A wrong community gets no answer: keep the wait short (no test asserts how short).
  const patience = way === 'wrong' ? { timeoutMs: 300, retries: 0 } : { timeoutMs: 2000, retries: 1 };
  return SwitchSchema.parse({ name: `${base}-${way}`, host: '127.0.0.1', snmpPort: port, snmp, ...patience });
}

/** A phone on the generic switch's v2c entry, to resolve ports by phone name. */
export function phone(name: string, port: LabPhoneSpec['port']): LabPhoneSpec {
  return { name, model: 'CP-7961G', ip: '10.20.1.21', subnet: 'branch-a', port };
}

export function labOf(switches: SwitchSpec[], phones: LabPhoneSpec[] = []): PoeLab {
  return { kind: 'virtual', switches, phones };
}

/** A journal in a temp dir, wired to the driver. */
export async function journalFor(driver: PoeDriver): Promise<{ journal: TeardownJournal; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pfslab-poe-'));
  const journal = await TeardownJournal.create(path.join(dir, 'run.journal'), driver.undoers());
  driver.useJournal(journal);
  return { journal, dispose: () => rm(dir, { recursive: true, force: true }) };
}
