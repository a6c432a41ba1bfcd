// The switch the PoE switch tests run against: four PSE ports in group 1, three with a
// phone plugged in (port 3's is class 3, the others class 2 by default), port 4 empty.
// Communities and v3 users are test values, not secrets.
import { once } from 'node:events';
import { startPoeSwitch } from '../../../labs/virtual/switch/index.ts';
import type { PoePortRef, PoeSwitch, PoeSwitchOptions } from '../../../labs/virtual/switch/index.ts';

export const READ_COMMUNITY = 'lab-read';
export const WRITE_COMMUNITY = 'lab-write';

export const V3_ADMIN = { user: 'poe-admin', authKey: 'admin-auth-key', privKey: 'admin-priv-key' } as const;
export const V3_LEGACY = { user: 'poe-legacy', authKey: 'legacy-auth-key', privKey: 'legacy-priv-key' } as const;
export const V3_VIEWER = { user: 'poe-viewer', authKey: 'viewer-auth-key' } as const;

export const LAB_PORTS = [1, 2, 3, 4].map((n) => ({
  group: 1,
  port: n,
  ifIndex: 10100 + n,
  ifName: `Gi1/0/${n}`,
  device: n !== 4,
  ...(n === 3 ? { powerClass: 3 } : {}),
}));

export function labSwitchOptions(overrides: Partial<PoeSwitchOptions> = {}): PoeSwitchOptions {
  return {
    address: '127.0.0.1',
    port: 0,
    name: 'branch-poe-1',
    ports: LAB_PORTS,
    v2c: { readCommunity: READ_COMMUNITY, writeCommunity: WRITE_COMMUNITY },
    v3: [
      { user: V3_ADMIN.user, level: 'authPriv', authProtocol: 'sha', authKey: V3_ADMIN.authKey, privProtocol: 'aes', privKey: V3_ADMIN.privKey, write: true },
      { user: V3_LEGACY.user, level: 'authPriv', authProtocol: 'md5', authKey: V3_LEGACY.authKey, privProtocol: 'des', privKey: V3_LEGACY.privKey, write: true },
      { user: V3_VIEWER.user, level: 'authNoPriv', authProtocol: 'sha', authKey: V3_VIEWER.authKey, write: false },
    ],
    detectDelayMs: 0,
    ...overrides,
  };
}

export function startLabSwitch(overrides: Partial<PoeSwitchOptions> = {}): Promise<PoeSwitch> {
  return startPoeSwitch(labSwitchOptions(overrides));
}

export function endpointOf(sw: PoeSwitch): string {
  return `${sw.address}:${sw.port}`;
}

export interface PowerEvent {
  port: PoePortRef;
  on: boolean;
}

/** Records every 'power' event of a switch, in order. */
export function recordPower(sw: PoeSwitch): PowerEvent[] {
  const events: PowerEvent[] = [];
  sw.on('power', (port, on) => events.push({ port, on }));
  return events;
}

/** Resolves at the next 'power' event for the given port. */
export async function nextPower(sw: PoeSwitch, group: number, port: number): Promise<boolean> {
  for (;;) {
    const [ref, on] = (await once(sw, 'power')) as [PoePortRef, boolean];
    if (ref.group === group && ref.port === port) return on;
  }
}
