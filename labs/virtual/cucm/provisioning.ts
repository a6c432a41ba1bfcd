// Cisco TFTP's part of CUCM plus the device notifications: rebuilds a phone's configuration
// file when the database changes (written only if its content changed), and on Apply Config,
// Restart or Reset writes it and tells the phone.

import { randomUUID } from 'node:crypto';
import { configFileName, renderConfigFile, type ConfigFileInput } from './config-file.ts';
import type { Faults } from './faults.ts';
import type { Phone } from './model/entities.ts';
import { effectiveLoad, effectiveVendorConfig } from './model/effective-config.ts';
import type { CucmStore } from './model/store.ts';
import type { ConfigSink, DeviceAction } from './types.ts';

export class Provisioning {
  /** Last written content per pkid, with a fixed versionStamp, to see whether it changed. */
  private readonly written = new Map<string, string>();
  private readonly ctiIds = new Map<string, number>();
  private writes = 0;

  constructor(
    private readonly store: CucmStore,
    private readonly faults: Faults,
    private readonly sink: ConfigSink,
    private readonly cucmAddress: string,
    private readonly log: (line: string) => void,
  ) {
    store.allPhones().forEach((p, i) => this.ctiIds.set(p.pkid, i + 1));
  }

  /** Writes the files of these phones whose content differs from what was last written. */
  rebuild(phones: Iterable<Phone>): void {
    for (const phone of phones) {
      const input = this.input(phone);
      if (this.written.get(phone.pkid) === renderConfigFile(input, '')) continue;
      this.write(phone, input);
    }
  }

  /** Apply Config, Restart or Reset: the file is written (rebuilt) and the phone told. */
  deliver(phones: Iterable<Phone>, action: DeviceAction): number {
    let count = 0;
    for (const phone of phones) {
      this.write(phone, this.input(phone));
      this.sink.notify(phone.name, action);
      count++;
    }
    return count;
  }

  /** Configuration files written since start. */
  writeCount(): number {
    return this.writes;
  }

  private write(phone: Phone, input: ConfigFileInput): void {
    const stamp = `${Math.floor(Date.now() / 1000)}-${randomUUID()}`;
    this.sink.writeConfig(configFileName(phone.name), renderConfigFile(input, stamp));
    this.written.set(phone.pkid, renderConfigFile(input, ''));
    this.writes++;
    this.log(`tftp: built ${configFileName(phone.name)}`);
  }

  private input(phone: Phone): ConfigFileInput {
    return {
      pkid: phone.pkid,
      ctiId: this.ctiIds.get(phone.pkid) ?? 0,
      devicePool: phone.devicePool,
      cucmAddress: this.cucmAddress,
      sshUserId: phone.sshUserId,
      sshPassword: phone.sshPassword,
      loadInformation: effectiveLoad(phone, this.store.deviceDefaults),
      vendorConfig: effectiveVendorConfig(phone, this.store.enterprise, this.faults, this.store.builtInDefaults),
    };
  }
}
