// The public face of the virtual CUCM: what the lab passes to startCucm() and what it gets
// back. Suites never see these types; they reach CUCM through its web pages and AXL only.

import type { CucmFaultId } from '../../../harness/lab/fault-switches.ts';

/** Where CUCM's generated files go and whom it tells: the lab wires these to the TFTP
 * server's memory store and to the virtual phones. */
export interface ConfigSink {
  /** Adds or replaces a TFTP file, e.g. SEP0250F5A10001.cnf.xml. */
  writeConfig(name: string, xml: string): void;
  /** Tells a registered phone to fetch its configuration again (as CUCM does over SCCP). */
  notify(phone: string, action: DeviceAction): void;
}

/** apply: Apply Config; restart: soft (the phone re-reads its files); reset: power-cycle. */
export type DeviceAction = 'restart' | 'reset' | 'apply';

export interface CucmUser {
  name: string;
  password: string;
}

export interface CucmPhoneSpec {
  /** SEP + 12 hex digits of the MAC address. */
  name: string;
  /** Product code as in the lab description, e.g. CP-7961G. */
  model: string;
  description?: string;
  /** Shown as registered with this address on Find and List Phones. */
  ip?: string;
  /** Device pool name (created if new); "Default" when absent. */
  devicePool?: string;
  /** Common Phone Profile name; "Standard Common Phone Profile" when absent. */
  commonPhoneProfile?: string;
  /**
   * The phone's Secure Shell Information, as an administrator would have entered it; SSH
   * Access is then Enabled. Absent: no SSH user, SSH Access Disabled (CUCM's default).
   */
  ssh?: { userId: string; password: string };
}

export interface CucmFaultSpec {
  id: CucmFaultId;
  /** Models the defect hits (product codes, e.g. CP-7965G); each fault has a default set. */
  models?: string[];
}

export interface CucmOptions {
  /** Address to listen on and to write into the phones' configuration files. */
  address: string;
  /** HTTPS port; 443 by default, 0 for any free port. */
  port?: number;
  users: CucmUser[];
  phones: CucmPhoneSpec[];
  /** Device Defaults: model (product code) -> load id, e.g. CP-7961G -> SCCP41.9-4-2SR2-2S. */
  loads: Record<string, string>;
  faults?: CucmFaultSpec[];
  /**
   * What a phone gets when no level sets Peer Firmware Sharing: the lab's cucm.pfsBuiltInDefault
   * (a real CUCM's is not public); unset, the field's default in product-fields.ts (Disabled).
   */
  pfsBuiltInDefault?: 'Enabled' | 'Disabled';
  /** Idle time after which a web session ends (Tomcat's session timeout); 30 min by default. */
  sessionTtlMs?: number;
  /**
   * For tests: the clock web sessions age by (Date.now by default), so that a test ends a
   * session by moving it on, not by sleeping past a short timeout that a busy machine also
   * passes between a login and its redirect.
   */
  sessionClock?: () => number;
  configSink: ConfigSink;
  /** One line per event; passwords never appear in it. */
  log?: (line: string) => void;
  /**
   * For tests of `pfslab cucm probe` only: rewrites each admin page's HTML before it is sent
   * (path, HTML) -> HTML, to stand for a CUCM whose pages differ from this one's.
   */
  alterPage?: (path: string, html: string) => string;
}

export type SettingSource = 'phone' | 'commonPhoneProfile' | 'enterprise' | 'default';

export interface EffectivePfs {
  enabled: boolean;
  /** The level whose value won (pfs-reference §2.8). */
  source: SettingSource;
}

export interface ProductSettingState {
  value: string;
  /** "Override Common Settings" on a phone, "Override Enterprise Settings" on a profile. */
  override: boolean;
}

export interface PhoneState {
  pkid: string;
  name: string;
  model: string;
  product: string;
  description: string;
  devicePool: string;
  commonPhoneProfile: string;
  /** Phone Load Name: empty means the Device Defaults load of the model. */
  loadName: string;
  effectiveLoad: string;
  sshUserId: string;
  sshPasswordSet: boolean;
  ip: string | undefined;
  productSettings: Record<string, ProductSettingState>;
  /** The vendorConfig values the phone's configuration file carries. */
  effectiveVendorConfig: Record<string, string>;
}

export interface CommonPhoneProfileState {
  pkid: string;
  name: string;
  description: string;
  productSettings: Record<string, ProductSettingState>;
}

export interface BulkJobState {
  id: number;
  /** bulkjobEdit.do?key=<key>. */
  key: string;
  description: string;
  status: 'Hold' | 'Pending' | 'Processing' | 'Completed';
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
}

/** A read-only snapshot for tests of the lab itself; suites never see it. */
export interface CucmState {
  phones: PhoneState[];
  commonPhoneProfiles: CommonPhoneProfileState[];
  enterprise: Record<string, string>;
  deviceDefaults: Record<string, string>;
  bulkJobs: BulkJobState[];
  activeSessions: number;
}

export interface Cucm {
  /** https://address:port/ */
  url: string;
  /** The server's self-signed certificate (PEM), for clients that verify TLS. */
  certificatePem: string;
  /** Stops listening, drops every connection and session, cancels running bulk jobs. */
  close(): Promise<void>;
  state(): CucmState;
  effectivePfs(deviceName: string): EffectivePfs;
  /** Sets or clears the address Find and List Phones shows a phone registered with. */
  setRegistration(deviceName: string, ip: string | undefined): void;
}
