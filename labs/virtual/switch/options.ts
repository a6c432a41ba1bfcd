// What a lab says about its PoE switch, and the checks that reject a switch the agent
// could not serve faithfully, before any socket is opened.

export interface PoePortConfig {
  /** pethPsePortGroupIndex: 1 on a non-stacked switch, the stack member otherwise. */
  group: number;
  /** pethPsePortIndex within the group. */
  port: number;
  /** The IF-MIB ifIndex of the same interface. */
  ifIndex: number;
  /** The IF-MIB ifName, e.g. "Gi1/0/3". */
  ifName: string;
  /** IEEE 802.3af/at class (0..4) of the device on the port; default 2. */
  powerClass?: number;
  /** A powered device (a phone) is plugged in. */
  device?: boolean;
}

export interface V2cCommunities {
  /** Reads everything; a SET with it is refused with noAccess. */
  readCommunity: string;
  /** Reads and writes. */
  writeCommunity?: string;
}

export type V3SecurityLevelName = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

export interface V3UserConfig {
  user: string;
  level: V3SecurityLevelName;
  authProtocol?: 'md5' | 'sha';
  authKey?: string;
  privProtocol?: 'des' | 'aes';
  privKey?: string;
  /** May SET; a SET from a user without it is refused with authorizationError. */
  write: boolean;
}

export interface PoeSwitchOptions {
  /** The management address to listen on. */
  address: string;
  /** UDP port; default 161; 0 picks a free port (read it back from PoeSwitch.port). */
  port?: number;
  /** sysName; default "pfslab-poe-switch". */
  name?: string;
  ports: PoePortConfig[];
  v2c?: V2cCommunities;
  v3?: V3UserConfig[];
  /** How long detection and classification take once a port is enabled; default 500 ms. */
  detectDelayMs?: number;
  /** Receives one line per notable event (SETs, power changes, refused requests). Never given secrets. */
  log?: (line: string) => void;
}

export const DEFAULT_SNMP_PORT = 161;
export const DEFAULT_SWITCH_NAME = 'pfslab-poe-switch';
/** A lab default, not a claim about a phone model. */
export const DEFAULT_POWER_CLASS = 2;
/** Typical of a real PSE's detection + classification; short enough for tests to wait on. */
export const DEFAULT_DETECT_DELAY_MS = 500;
/** RFC 3414 (and Net-SNMP's tools) refuse pass phrases shorter than this. */
const MIN_USM_PASSPHRASE = 8;
/** SnmpAdminString, which ifName and community names live in, is at most this long. */
const MAX_ADMIN_STRING = 255;

function fail(reason: string): never {
  throw new RangeError(`PoE switch: ${reason}`);
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 0x7fffffff;
}

function checkPorts(ports: PoePortConfig[]): void {
  if (ports.length === 0) fail('no ports');
  const seenPort = new Set<string>();
  const seenIfIndex = new Set<number>();
  const seenIfName = new Set<string>();
  for (const p of ports) {
    const where = `port ${p.group}/${p.port}`;
    if (!isPositiveInt(p.group)) fail(`${where}: group must be an integer >= 1`);
    if (!isPositiveInt(p.port)) fail(`${where}: port must be an integer >= 1`);
    if (!isPositiveInt(p.ifIndex)) fail(`${where}: ifIndex must be an integer >= 1`);
    if (typeof p.ifName !== 'string' || p.ifName === '' || p.ifName.length > MAX_ADMIN_STRING)
      fail(`${where}: ifName must be 1..${MAX_ADMIN_STRING} characters`);
    const cls = p.powerClass ?? DEFAULT_POWER_CLASS;
    if (!Number.isInteger(cls) || cls < 0 || cls > 4) fail(`${where}: powerClass must be 0..4, got ${cls}`);
    const key = `${p.group}.${p.port}`;
    if (seenPort.has(key)) fail(`${where} is listed twice`);
    if (seenIfIndex.has(p.ifIndex)) fail(`${where}: ifIndex ${p.ifIndex} is used by another port`);
    if (seenIfName.has(p.ifName)) fail(`${where}: ifName ${p.ifName} is used by another port`);
    seenPort.add(key);
    seenIfIndex.add(p.ifIndex);
    seenIfName.add(p.ifName);
  }
}

function checkV3User(u: V3UserConfig): void {
  const where = `v3 user ${JSON.stringify(u.user)}`;
  if (typeof u.user !== 'string' || u.user === '' || u.user.length > 32) fail(`${where}: name must be 1..32 characters`);
  const needsAuth = u.level === 'authNoPriv' || u.level === 'authPriv';
  if (needsAuth) {
    if (u.authProtocol === undefined) fail(`${where}: ${u.level} needs authProtocol`);
    if ((u.authKey ?? '').length < MIN_USM_PASSPHRASE) fail(`${where}: authKey must be at least ${MIN_USM_PASSPHRASE} characters`);
  }
  if (u.level === 'authPriv') {
    if (u.privProtocol === undefined) fail(`${where}: authPriv needs privProtocol`);
    if ((u.privKey ?? '').length < MIN_USM_PASSPHRASE) fail(`${where}: privKey must be at least ${MIN_USM_PASSPHRASE} characters`);
  }
}

/** Throws RangeError naming the first thing wrong; returns nothing when the options are servable. */
export function checkPoeSwitchOptions(opts: PoeSwitchOptions): void {
  if (typeof opts.address !== 'string' || opts.address === '') fail('address is required');
  const port = opts.port ?? DEFAULT_SNMP_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`port must be 0..65535, got ${port}`);
  const delay = opts.detectDelayMs ?? DEFAULT_DETECT_DELAY_MS;
  if (!Number.isFinite(delay) || delay < 0) fail(`detectDelayMs must be >= 0, got ${delay}`);
  checkPorts(opts.ports);
  if (opts.v2c === undefined && (opts.v3 === undefined || opts.v3.length === 0))
    fail('neither v2c communities nor v3 users: nobody could reach the agent');
  if (opts.v2c !== undefined) {
    if (opts.v2c.readCommunity === '') fail('v2c readCommunity is empty');
    if (opts.v2c.writeCommunity === '') fail('v2c writeCommunity is empty');
  }
  const names = new Set<string>();
  for (const u of opts.v3 ?? []) {
    checkV3User(u);
    if (names.has(u.user)) fail(`v3 user ${JSON.stringify(u.user)} is listed twice`);
    names.add(u.user);
  }
}
