// What the virtual CUCM's database holds. Plain mutable records owned by CucmStore; every
// change goes through the store so that configuration files are rebuilt after it.

import type { PhoneModel } from './phone-models.ts';

/** A level's product-specific settings: its values, and for shared parameters whether its
 * override box is set. A phone keeps its value even while the box is clear (as CUCM does). */
export interface ProductSettings {
  values: Map<string, string>;
  overrides: Set<string>;
}

export interface Phone {
  /** CUCM's pkid: a lower-case UUID. AXL shows it upper-case in braces. */
  pkid: string;
  name: string;
  model: PhoneModel;
  description: string;
  devicePool: DevicePool;
  commonPhoneProfile: CommonPhoneProfile;
  /** Phone Load Name; empty: the model's Device Defaults load. */
  loadName: string;
  sshUserId: string;
  sshPassword: string;
  ip: string | undefined;
  product: ProductSettings;
  /**
   * Structured vendorConfig elements (ones with child elements) as last written over AXL, kept
   * verbatim and returned in place: vendorConfig is xsd:any and may nest, and a driver must
   * write back what it did not understand. The virtual phones do not act on them.
   */
  structuredVendorConfig: string[];
  /** Bumped on every change; AXL's versionStamp. */
  version: number;
}

export interface CommonPhoneProfile {
  pkid: string;
  name: string;
  description: string;
  product: ProductSettings;
}

export interface DevicePool {
  pkid: string;
  name: string;
}

export interface EnterprisePhoneConfig {
  values: Map<string, string>;
  /**
   * Parameters whose "Override Enterprise Settings" box is set on the Enterprise Phone
   * Configuration page (Cisco's guides show the box there too). This CUCM's reading of it (what
   * the box does is not public): the Enterprise value reaches phones only while its box is set;
   * with the box clear a phone that no higher level overrides gets the built-in default.
   */
  overrides: Set<string>;
}

export function emptyProductSettings(): ProductSettings {
  return { values: new Map(), overrides: new Set() };
}
