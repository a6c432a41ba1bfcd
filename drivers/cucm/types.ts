// What suites use to change Peer Firmware Sharing in CUCM, whichever way CUCM is reached
// (web admin pages or AXL). Values are CUCM's visible option texts ('Enabled', 'Disabled'),
// so that a report reads like the page an engineer would look at.

import type { TeardownJournal, Undoer, UndoConcurrency } from '../../harness/lab/journal.ts';

/** The three levels of pfs-reference §2.8, highest precedence first. */
export type PfsLevel = { phone: string } | { commonPhoneProfile: string } | 'enterprise';

/**
 * 'Enabled' / 'Disabled' as CUCM shows them. 'Default' means "this level holds no value of its
 * own": AXL carries a phone's or profile's value only while its override box is set, so over
 * AXL a level without override reads 'Default'. Other strings are a real cluster's own options.
 */
export type PfsValue = 'Enabled' | 'Disabled' | 'Default' | (string & {});

export interface PfsSetting {
  value: PfsValue;
  /**
   * "Override Common Settings" (phone) / "Override Enterprise Settings" (profile, and on the
   * web the Enterprise page's own box); absent at enterprise over AXL, which does not show it.
   */
  override?: boolean;
}

export interface SetPfsOptions {
  /**
   * Set (default for phone and profile: a value without its override box has no effect) or
   * clear the box. At enterprise the web driver sets the page's own box unless told false;
   * AXL cannot clear it.
   */
  override?: boolean;
}

/** Which level's value the phone ends up with, as CUCM shows the three levels. */
export interface EffectivePfs {
  value: 'Enabled' | 'Disabled';
  source: 'phone' | 'commonPhoneProfile' | 'enterprise' | 'default';
  /**
   * With source 'default': true when the value is pfslab's assumption of CUCM's built-in
   * default (pfs-values.ts), false when the lab file states it (cucm.pfsBuiltInDefault).
   */
  assumed?: boolean;
}

export interface PhoneInfo {
  /** Lower-case UUID without braces (AXL's {UPPER} and the pages' key normalised). */
  pkid: string;
  name: string;
  /** CUCM's device type, e.g. "Cisco 7961". */
  model: string;
  description: string;
  /** "Registered with ..." / "Unregistered"; undefined over AXL (registration is RisPort's, not AXL's). */
  status: string | undefined;
  ip: string | undefined;
  commonPhoneProfile: string | undefined;
}

/** A phone's signalling protocol, as Device Defaults rows are kept. */
export type DeviceProtocol = 'SCCP' | 'SIP';

export type PhoneAction = 'apply' | 'restart' | 'reset';

export interface BulkQuery {
  /** CUCM device type ("Cisco 7961") or the lab's product code (CP-7961G). */
  model?: string;
  /** Device names beginning with this, e.g. SEP0250F5A1. */
  namePrefix?: string;
}

export interface BulkUpdateRequest {
  query: BulkQuery;
  set: { peerFirmwareSharing: 'Enabled' | 'Disabled' };
  /** What the job does to each phone afterwards (BAT "Device Action After Update"); apply by default. */
  after?: PhoneAction | 'none';
}

export interface BulkJobResult {
  jobId: string;
  /** What CUCM reported about the job. */
  reported: { status: string; total: number; succeeded: number; failed: number; failures?: { phone: string; reason: string }[] };
  /** Phones the query matched. */
  phones: string[];
  /** Read back after the job: phones whose PFS now shows the requested value with override set. */
  changed: string[];
  /** Read back after the job: phones that do not (CSCsh98792: the job says success, nothing changed). */
  unchanged: string[];
  /** True only when CUCM reports no failure AND the read-back shows every phone changed. */
  verified: boolean;
}

/**
 * A product-specific parameter of a phone other than PFS (PFS has its own calls): its label
 * on the Phone Configuration page and its element in vendorConfig / the config file.
 */
export interface PhoneParam {
  label: string;
  element: string;
}

/** The phone's "Log Server" (pfs-reference §5): where it sends its log lines by syslog. */
export const LOG_SERVER: PhoneParam = { label: 'Log Server', element: 'logServer' };

/** A phone's own value of a parameter; override false = its Common Phone Profile's value applies (value not the phone's). */
export interface PhoneParamSetting {
  value: string;
  override: boolean;
}

/** What a suite drives; both implementations (web, axl) answer the same way. */
export interface CucmDriver {
  readonly via: 'web' | 'axl';
  login(): Promise<void>;
  findPhone(name: string): Promise<PhoneInfo>;
  getPfs(level: PfsLevel): Promise<PfsSetting>;
  /** Journaled; reads the level back and throws CucmVerifyError if CUCM did not take the value. */
  setPfs(level: PfsLevel, value: 'Enabled' | 'Disabled', opts?: SetPfsOptions): Promise<PfsSetting>;
  /** The phone's own "Phone Load Name"; undefined when it has none (its model's Device Defaults load applies). */
  getLoad(phone: string): Promise<string | undefined>;
  /**
   * Journaled (undo step cucm.load); sets the phone's "Phone Load Name" (a load id, e.g.
   * SCCP41.9-3-1SR1-1S), or clears it with undefined or '' so that the model's Device Defaults
   * load applies. Reads it back and throws CucmVerifyError if CUCM did not take it. CUCM sends
   * it to the phone's config file (<loadInformation>); the phone acts on it at its next reset.
   */
  setLoad(phone: string, load: string | undefined): Promise<void>;
  /** A product-specific parameter of one phone (e.g. LOG_SERVER), with its override box. */
  getPhoneParam(phone: string, param: PhoneParam): Promise<PhoneParamSetting>;
  /** Journaled (undo step cucm.phone-param); sets the phone's own value (override box set), reads it back. */
  setPhoneParam(phone: string, param: PhoneParam, value: string): Promise<void>;
  /**
   * The load of a device type's Device Defaults (product code CP-7961G or CUCM's "Cisco 7961")
   * for one protocol (CUCM keeps an SCCP and a SIP row per model; SCCP by default); undefined
   * when the row has none.
   */
  getDeviceDefaultLoad(model: string, protocol?: DeviceProtocol): Promise<string | undefined>;
  /** Phone, its Common Phone Profile and Enterprise, combined by precedence (what CUCM shows). */
  getEffectivePfs(phone: string): Promise<EffectivePfs>;
  /** Saves the phone as it stands (web: Save on its page; AXL: nothing to do, updates are saved). */
  save(phone: string): Promise<void>;
  applyConfig(phone: string): Promise<void>;
  restart(phone: string): Promise<void>;
  reset(phone: string): Promise<void>;
  /** Journaled (every matched phone's previous value); starts the job and returns its id. */
  startBulkUpdate(req: BulkUpdateRequest): Promise<string>;
  /** Waits until the job is done, then reads every phone back. */
  waitBulkJob(jobId: string, opts?: { timeoutMs?: number }): Promise<BulkJobResult>;
  /** startBulkUpdate + waitBulkJob. */
  bulkUpdatePhones(req: BulkUpdateRequest): Promise<BulkJobResult>;
  /** The undoers for the teardown journal, by step kind. */
  undoers(): Map<string, Undoer>;
  /** Which of its steps the journal may undo side by side, and how many at once (undefined: one by one). */
  undoConcurrency(): UndoConcurrency | undefined;
  /** Binds the run's journal; every change is refused until one is bound. */
  useJournal(journal: TeardownJournal): void;
  close(): Promise<void>;
}
