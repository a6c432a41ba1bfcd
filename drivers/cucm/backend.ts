// What each way of reaching CUCM (web pages, AXL) implements: raw reads and writes, no
// journal, no read-back. JournaledCucmDriver (driver.ts) adds those once for both.

import type { BulkQuery, DeviceProtocol, PfsLevel, PfsSetting, PhoneAction, PhoneInfo, PhoneParam, PhoneParamSetting } from './types.ts';

export interface BulkStatus {
  done: boolean;
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  /** Per phone, why it failed, where the backend knows (AXL: the fault). */
  failures?: { phone: string; reason: string }[];
}

export interface CucmBackend {
  readonly via: 'web' | 'axl';
  login(): Promise<void>;
  findPhone(name: string): Promise<PhoneInfo>;
  /** Device names the query matches, sorted. */
  listPhones(query: BulkQuery): Promise<string[]>;
  getPfs(level: PfsLevel): Promise<PfsSetting>;
  /** Writes the level; setting.override undefined at enterprise. */
  setPfs(level: PfsLevel, setting: PfsSetting): Promise<void>;
  /** The phone's own "Phone Load Name"; '' when it has none (its model's Device Defaults load applies). */
  getLoad(phone: string): Promise<string>;
  /** Writes the phone's "Phone Load Name"; '' clears it. */
  setLoad(phone: string, load: string): Promise<void>;
  getPhoneParam(phone: string, param: PhoneParam): Promise<PhoneParamSetting>;
  /** Writes a phone's product-specific parameter; override false clears its box (and drops its value over AXL). */
  setPhoneParam(phone: string, param: PhoneParam, setting: PhoneParamSetting): Promise<void>;
  /** The Device Defaults load of a device type (product code or CUCM device type) for one protocol; '' when none. */
  getDeviceDefaultLoad(model: string, protocol: DeviceProtocol): Promise<string>;
  save(phone: string): Promise<void>;
  phoneAction(phone: string, action: PhoneAction): Promise<void>;
  startBulk(phones: string[], query: BulkQuery, value: 'Enabled' | 'Disabled', after: PhoneAction | 'none'): Promise<string>;
  bulkStatus(jobId: string): Promise<BulkStatus>;
  close(): Promise<void>;
}
