// A virtual CUCM on 127.0.0.1 (any free port) for the CUCM driver tests, with a config sink
// that records what CUCM wrote and whom it told, a connection to it, and a journal.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TeardownJournal } from '../../../../harness/lab/journal.ts';
import { startCucm, type Cucm, type CucmFaultSpec, type CucmPhoneSpec, type DeviceAction } from '../../../../labs/virtual/cucm/index.ts';
import type { CucmConnection, CucmDriver } from '../../../../drivers/cucm/index.ts';

export const USER = 'pfslab-admin';
export const PASSWORD = 'Virtual-Cucm-Secret-7';

export const PHONES: CucmPhoneSpec[] = [
  { name: 'SEP0250F5A10001', model: 'CP-7961G', ip: '10.20.1.21', description: 'branch 7961 one' },
  { name: 'SEP0250F5A10002', model: 'CP-7961G', ip: '10.20.1.22', description: 'branch 7961 two', commonPhoneProfile: 'Branch Common Phone Profile' },
  { name: 'SEP0250F5A10003', model: 'CP-7961G', ip: '10.20.1.23', description: 'branch 7961 three' },
  { name: 'SEP0250F5A10004', model: 'CP-7965G', ip: '10.20.1.24', description: 'branch 7965' },
];

export interface VirtualCucm {
  cucm: Cucm;
  /** TFTP file name -> latest content CUCM wrote. */
  files: Map<string, string>;
  /** Phones CUCM told to apply / restart / reset, in order. */
  notified: { phone: string; action: DeviceAction }[];
  conn(overrides?: Partial<CucmConnection>): CucmConnection;
  close(): Promise<void>;
}

export async function startVirtualCucm(
  opts: { faults?: CucmFaultSpec[]; sessionTtlMs?: number; phones?: CucmPhoneSpec[]; alterPage?: (path: string, html: string) => string; pfsBuiltInDefault?: 'Enabled' | 'Disabled' } = {},
): Promise<VirtualCucm> {
  const files = new Map<string, string>();
  const notified: { phone: string; action: DeviceAction }[] = [];
  const cucm = await startCucm({
    address: '127.0.0.1',
    port: 0,
    users: [{ name: USER, password: PASSWORD }],
    phones: opts.phones ?? PHONES,
    loads: { 'CP-7961G': 'SCCP41.9-4-2SR2-2S', 'CP-7965G': 'SCCP45.9-4-2SR2-2S' },
    faults: opts.faults,
    sessionTtlMs: opts.sessionTtlMs,
    ...(opts.pfsBuiltInDefault ? { pfsBuiltInDefault: opts.pfsBuiltInDefault } : {}),
    ...(opts.alterPage ? { alterPage: opts.alterPage } : {}),
    configSink: {
      writeConfig: (name, xml) => files.set(name, xml),
      notify: (phone, action) => notified.push({ phone, action }),
    },
  });
  return {
    cucm,
    files,
    notified,
    conn: (overrides = {}) => ({
      url: cucm.url,
      user: USER,
      password: PASSWORD,
      version: '10.5',
      axlUrl: new URL('axl/', cucm.url).toString(),
      tls: { ca: cucm.certificatePem },
      timeoutMs: 20_000,
      ...overrides,
    }),
    close: () => cucm.close(),
  };
}

/** The peerFirmwareSharing value in a phone's SEP<MAC>.cnf.xml, as CUCM last wrote it. */
export function pfsInConfigFile(v: VirtualCucm, phone: string): string | undefined {
  const xml = v.files.get(`${phone}.cnf.xml`);
  return xml ? /<peerFirmwareSharing>(\d)<\/peerFirmwareSharing>/.exec(xml)?.[1] : undefined;
}

export interface TempJournal {
  dir: string;
  file: string;
  remove(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempJournal> {
  const dir = await mkdtemp(path.join(tmpdir(), `pfslab-${prefix}-`));
  return { dir, file: path.join(dir, 'journal.jsonl'), remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function journalFor(driver: CucmDriver, file: string): Promise<TeardownJournal> {
  const journal = await TeardownJournal.create(file, driver.undoers());
  driver.useJournal(journal);
  return journal;
}

/** PFS as the virtual CUCM holds it, for tests of the driver (suites never look here). */
export function stored(v: VirtualCucm, phone: string): { value: string | undefined; override: boolean | undefined } {
  const p = v.cucm.state().phones.find((x) => x.name === phone);
  const s = p?.productSettings['peerFirmwareSharing'];
  return { value: s?.value, override: s?.override };
}
