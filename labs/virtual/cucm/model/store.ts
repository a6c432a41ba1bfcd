// The virtual CUCM's database. Every change is one call that validates first, then changes,
// then reports the phones whose configuration file may differ (Cisco TFTP rebuilds a phone's
// file whenever the database changes; the phone only reads it on apply, restart or reset).

import { randomUUID } from 'node:crypto';
import type { CucmPhoneSpec } from '../types.ts';
import {
  emptyProductSettings,
  type CommonPhoneProfile,
  type DevicePool,
  type EnterprisePhoneConfig,
  type Phone,
  type ProductSettings,
} from './entities.ts';
import { findPhoneModel, type PhoneModel } from './phone-models.ts';
import { invalidValueReason, productField, PRODUCT_FIELDS, SSH_ACCESS_ENABLED, SSH_ACCESS_KEY } from './product-fields.ts';

export const STANDARD_PROFILE = 'Standard Common Phone Profile';
export const BRANCH_PROFILE = 'Branch Common Phone Profile';
export const DEFAULT_POOL = 'Default';

/** A change CUCM refuses, with the message its page or AXL fault shows. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly kind: 'notFound' | 'invalid',
  ) {
    super(message);
  }
}

export interface ProductSettingChange {
  value: string;
  override: boolean;
}

/** Fields left undefined stay as they are. */
export interface PhoneUpdate {
  description?: string;
  devicePoolName?: string;
  /** Name or pkid. */
  commonPhoneProfile?: string;
  loadName?: string;
  sshUserId?: string;
  sshPassword?: string;
  /** Per-parameter changes (web pages, bulk jobs); other parameters stay. */
  productChanges?: ReadonlyMap<string, ProductSettingChange>;
  /** The whole product-specific settings, replaced (AXL vendorConfig). */
  productReplacement?: ProductSettings;
  /** Replaces the phone's structured vendorConfig elements (with productReplacement). */
  structuredVendorConfig?: string[];
}

export interface ProfileUpdate {
  description?: string;
  productChanges?: ReadonlyMap<string, ProductSettingChange>;
  productReplacement?: ProductSettings;
}

const DEVICE_NAME = /^SEP[0-9A-F]{12}$/;

/** CUCM shows pkids as {UPPER-CASE} in AXL and lower-case in URLs; both find the record. */
export function normalizePkid(id: string): string {
  return id.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

export class CucmStore {
  private readonly phonesByPkid = new Map<string, Phone>();
  private readonly phonesByName = new Map<string, Phone>();
  private readonly profilesByPkid = new Map<string, CommonPhoneProfile>();
  private readonly pools = new Map<string, DevicePool>();
  readonly enterprise: EnterprisePhoneConfig = {
    values: new Map(PRODUCT_FIELDS.filter((f) => f.shared).map((f) => [f.key, f.defaultValue])),
    overrides: new Set(PRODUCT_FIELDS.filter((f) => f.shared).map((f) => f.key)),
  };
  /** Parameter key -> what a phone gets when no level sets it, where the lab states it (cucm.pfsBuiltInDefault). */
  readonly builtInDefaults = new Map<string, string>();
  /** Device Defaults load per model code, SCCP row (the protocol of this lab's phones). */
  readonly deviceDefaults = new Map<string, string>();
  /** The SIP row of each model (CUCM keeps one row per device type and protocol). */
  readonly sipDeviceDefaults = new Map<string, string>();
  /** Called after every change with the phones whose configuration may have changed. */
  onPhonesChanged: (phones: readonly Phone[]) => void = () => undefined;

  constructor(phones: readonly CucmPhoneSpec[], loads: Readonly<Record<string, string>>) {
    this.pool(DEFAULT_POOL);
    this.addProfile(STANDARD_PROFILE, 'Default Common Phone Profile');
    this.addProfile(BRANCH_PROFILE, 'Common Phone Profile for branch phones');
    for (const [code, load] of Object.entries(loads)) {
      const model = findPhoneModel(code);
      if (!model) throw new Error(`loads: unknown phone model ${code}`);
      this.deviceDefaults.set(model.code, load);
      // This CUCM's own: the SIP row's load is named like the SCCP one (SCCP41... -> SIP41...),
      // so that a driver that reads the wrong protocol's row gets a visibly different load.
      this.sipDeviceDefaults.set(model.code, load.replace(/^SCCP/i, 'SIP'));
    }
    phones.forEach((spec) => this.addPhone(spec));
  }

  // ---- reading ----

  allPhones(): Phone[] {
    return [...this.phonesByPkid.values()];
  }

  phone(nameOrPkid: string): Phone | undefined {
    return this.phonesByName.get(nameOrPkid.trim().toUpperCase()) ?? this.phonesByPkid.get(normalizePkid(nameOrPkid));
  }

  profiles(): CommonPhoneProfile[] {
    return [...this.profilesByPkid.values()];
  }

  profile(nameOrPkid: string): CommonPhoneProfile | undefined {
    return this.profiles().find((p) => p.name === nameOrPkid) ?? this.profilesByPkid.get(normalizePkid(nameOrPkid));
  }

  devicePools(): DevicePool[] {
    return [...this.pools.values()];
  }

  phonesUsing(profile: CommonPhoneProfile): Phone[] {
    return this.allPhones().filter((p) => p.commonPhoneProfile === profile);
  }

  // ---- changing ----

  updatePhone(phone: Phone, update: PhoneUpdate): void {
    const pool = update.devicePoolName === undefined ? undefined : this.pools.get(update.devicePoolName);
    if (update.devicePoolName !== undefined && !pool) throw new StoreError(`Device Pool "${update.devicePoolName}" was not found`, 'notFound');
    const profile = update.commonPhoneProfile === undefined ? undefined : this.profile(update.commonPhoneProfile);
    if (update.commonPhoneProfile !== undefined && !profile) {
      throw new StoreError(`Common Phone Profile "${update.commonPhoneProfile}" was not found`, 'notFound');
    }
    validateChanges(update.productChanges);
    if (update.description !== undefined) phone.description = update.description;
    if (pool) phone.devicePool = pool;
    if (profile) phone.commonPhoneProfile = profile;
    if (update.loadName !== undefined) phone.loadName = update.loadName.trim();
    if (update.sshUserId !== undefined) phone.sshUserId = update.sshUserId;
    if (update.sshPassword !== undefined) phone.sshPassword = update.sshPassword;
    if (update.productReplacement) phone.product = update.productReplacement;
    if (update.structuredVendorConfig) phone.structuredVendorConfig = update.structuredVendorConfig;
    applyChanges(phone.product, update.productChanges);
    phone.version++;
    this.onPhonesChanged([phone]);
  }

  updateProfile(profile: CommonPhoneProfile, update: ProfileUpdate): void {
    validateChanges(update.productChanges);
    if (update.description !== undefined) profile.description = update.description;
    if (update.productReplacement) profile.product = update.productReplacement;
    applyChanges(profile.product, update.productChanges);
    this.onPhonesChanged(this.phonesUsing(profile));
  }

  /** Sets the given Enterprise parameters (and, where given, their override boxes); the others stay. */
  updateEnterprise(values: ReadonlyMap<string, string>, overrides: ReadonlyMap<string, boolean> = new Map()): void {
    for (const [key, value] of values) {
      const field = productField(key);
      const reason = field ? invalidValueReason(field, value) : `unknown parameter ${key}`;
      if (reason !== undefined) throw new StoreError(reason, 'invalid');
    }
    for (const [key, value] of values) this.enterprise.values.set(key, value);
    for (const [key, on] of overrides) {
      if (on) this.enterprise.overrides.add(key);
      else this.enterprise.overrides.delete(key);
    }
    this.onPhonesChanged(this.allPhones());
  }

  setDeviceDefaultLoad(model: PhoneModel, load: string): void {
    this.deviceDefaults.set(model.code, load.trim());
    this.onPhonesChanged(this.allPhones().filter((p) => p.model === model));
  }

  setRegistration(phone: Phone, ip: string | undefined): void {
    phone.ip = ip;
  }

  // ---- building ----

  private addPhone(spec: CucmPhoneSpec): void {
    const name = spec.name.toUpperCase();
    if (!DEVICE_NAME.test(name)) throw new Error(`phone ${spec.name}: a device name is SEP followed by 12 hex digits`);
    if (this.phonesByName.has(name)) throw new Error(`phone ${name} is listed twice`);
    const model = findPhoneModel(spec.model);
    if (!model) throw new Error(`phone ${name}: unknown phone model ${spec.model}`);
    const profileName = spec.commonPhoneProfile ?? STANDARD_PROFILE;
    const profile = this.profile(profileName) ?? this.addProfile(profileName, '');
    const phone: Phone = {
      pkid: randomUUID(),
      name,
      model,
      description: spec.description ?? `${model.product} ${name}`,
      devicePool: this.pool(spec.devicePool ?? DEFAULT_POOL),
      commonPhoneProfile: profile,
      loadName: '',
      sshUserId: spec.ssh?.userId ?? '',
      sshPassword: spec.ssh?.password ?? '',
      ip: spec.ip,
      product: emptyProductSettings(),
      structuredVendorConfig: [],
      version: 1,
    };
    if (spec.ssh) {
      // Set on the phone itself, overriding its profile, as an administrator would.
      phone.product.values.set(SSH_ACCESS_KEY, SSH_ACCESS_ENABLED);
      phone.product.overrides.add(SSH_ACCESS_KEY);
    }
    this.phonesByPkid.set(phone.pkid, phone);
    this.phonesByName.set(name, phone);
  }

  private addProfile(name: string, description: string): CommonPhoneProfile {
    const profile: CommonPhoneProfile = { pkid: randomUUID(), name, description, product: emptyProductSettings() };
    this.profilesByPkid.set(profile.pkid, profile);
    return profile;
  }

  private pool(name: string): DevicePool {
    let pool = this.pools.get(name);
    if (!pool) {
      pool = { pkid: randomUUID(), name };
      this.pools.set(name, pool);
    }
    return pool;
  }
}

function validateChanges(changes: ReadonlyMap<string, ProductSettingChange> | undefined): void {
  for (const [key, change] of changes ?? []) {
    const field = productField(key);
    const reason = field ? invalidValueReason(field, change.value) : `unknown parameter ${key}`;
    if (reason !== undefined) throw new StoreError(reason, 'invalid');
  }
}

function applyChanges(settings: ProductSettings, changes: ReadonlyMap<string, ProductSettingChange> | undefined): void {
  for (const [key, change] of changes ?? []) {
    settings.values.set(key, change.value);
    if (change.override) settings.overrides.add(key);
    else settings.overrides.delete(key);
  }
}
