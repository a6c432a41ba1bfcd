// The setup every CUCM driver test shares: a virtual CUCM on 127.0.0.1, a temp directory, a
// driver bound to the CUCM (web or AXL), a journal, a login; all closed again after the tests.
// Registers mocha before/after hooks: call inside describe().

import assert from 'node:assert/strict';
import type { TeardownJournal } from '../../../../harness/lab/journal.ts';
import { cucmDriverFor, type CucmConnection, type CucmDriver, type CucmDriverOptions } from '../../../../drivers/cucm/index.ts';
import { requireChromium } from './chromium.ts';
import { journalFor, startVirtualCucm, tempDir, type TempJournal, type VirtualCucm } from './virtual-cucm.ts';

export interface DriverSetup {
  via: 'web' | 'axl';
  /** Names the temp directory (pfslab-<name>-...). */
  name: string;
  /** How the virtual CUCM starts (faults, session TTL, phones...). */
  cucm?: Parameters<typeof startVirtualCucm>[0];
  /** Changes to the connection the driver gets. */
  conn?: Partial<CucmConnection>;
  /** Web options besides the evidence directory (always <tmp>/evidence). */
  web?: Omit<NonNullable<CucmDriverOptions['web']>, 'evidenceDir'>;
  timing?: CucmDriverOptions['timing'];
  /** A driver built by the test itself (e.g. a backend with its requests recorded). */
  driver?: (v: VirtualCucm) => CucmDriver;
  /** Default true: the driver logs in before the first test. */
  login?: boolean;
}

/** What the hooks set up; read it inside tests and hooks (not while describe() runs). */
export interface DriverOnVirtualCucm {
  readonly v: VirtualCucm;
  readonly tmp: TempJournal;
  readonly driver: CucmDriver;
  readonly journal: TeardownJournal;
}

export function useDriverOnVirtualCucm(setup: DriverSetup): DriverOnVirtualCucm {
  let state: { v?: VirtualCucm; tmp?: TempJournal; driver?: CucmDriver; journal?: TeardownJournal } = {};
  const get = <K extends keyof typeof state>(key: K): NonNullable<(typeof state)[K]> => {
    const value = state[key];
    if (value === undefined) throw new Error(`useDriverOnVirtualCucm: ${key} is not set up (read it inside a test or hook, after before())`);
    return value;
  };

  before(async () => {
    if (setup.via === 'web') requireChromium();
    state.v = await startVirtualCucm(setup.cucm);
    state.tmp = await tempDir(setup.name);
    state.driver =
      setup.driver?.(state.v) ??
      cucmDriverFor(state.v.conn(setup.conn), {
        via: setup.via,
        web: { ...setup.web, evidenceDir: `${state.tmp.dir}/evidence` },
        ...(setup.timing ? { timing: setup.timing } : {}),
      });
    state.journal = await journalFor(state.driver, state.tmp.file);
    if (setup.login !== false) await state.driver.login();
  });
  after(async () => {
    await state.driver?.close();
    await state.v?.close();
    await state.tmp?.remove();
    state = {};
  });

  return {
    get v() {
      return get('v');
    },
    get tmp() {
      return get('tmp');
    },
    get driver() {
      return get('driver');
    },
    get journal() {
      return get('journal');
    },
  };
}

/** Apply Config, Restart and Reset of one phone through the driver: CUCM must tell the phone each, in that order. */
export async function applyRestartReset(c: DriverOnVirtualCucm, phone: string): Promise<void> {
  c.v.notified.length = 0;
  await c.driver.applyConfig(phone);
  await c.driver.restart(phone);
  await c.driver.reset(phone);
  assert.deepEqual(c.v.notified, [
    { phone, action: 'apply' },
    { phone, action: 'restart' },
    { phone, action: 'reset' },
  ]);
}
