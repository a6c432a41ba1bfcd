// The TFTP driver bound to a lab: reads phones' config files and the loads' manifests from
// the lab's TFTP server (tftp.server / tftp.port of the lab description). Errors name the
// server and the file (TftpError does; parse errors are given the same prefix).
import type { LabSpec } from '../../harness/lab/index.ts';
import type { LoadInventory } from '../../harness/formats/load.ts';
import type { LoadsManifest } from '../../harness/formats/loads-file.ts';
import { LoadsFileError } from '../../harness/formats/loads-file.ts';
import type { PhoneConfigFile } from './config-file.ts';
import { ConfigFileParseError, configFileNameOf, parsePhoneConfigFile } from './config-file.ts';
import type { LoadInventoryOptions, TftpReadOptions } from './loads-inventory.ts';
import { readLoadInventory, readLoadsManifest } from './loads-inventory.ts';
import { tftpGet } from './tftp-client.ts';

export class TftpDriverError extends Error {
  constructor(
    readonly server: string,
    readonly file: string,
    detail: string,
  ) {
    super(`TFTP ${server}: ${file}: ${detail}`);
    this.name = 'TftpDriverError';
  }
}

export class TftpDriver {
  constructor(readonly t: TftpReadOptions) {}

  static fromLab(lab: Pick<LabSpec, 'tftp'>, o: Omit<TftpReadOptions, 'server' | 'port'> = {}): TftpDriver {
    return new TftpDriver({ ...o, server: lab.tftp.server, port: lab.tftp.port });
  }

  get where(): string {
    return `${this.t.server}:${this.t.port ?? 69}`;
  }

  /** The raw bytes of a file. */
  async read(file: string): Promise<Buffer> {
    return (await tftpGet({ ...this.t, file })).content;
  }

  /** The phone's SEP<MAC>.cnf.xml, parsed. */
  async phoneConfig(deviceName: string): Promise<PhoneConfigFile> {
    const file = configFileNameOf(deviceName);
    const content = await this.read(file);
    try {
      return parsePhoneConfigFile(content, file);
    } catch (e) {
      if (e instanceof ConfigFileParseError) throw new TftpDriverError(this.where, file, e.message.replace(`${file}: `, ''));
      throw e;
    }
  }

  async loadsManifest(file: string): Promise<LoadsManifest> {
    try {
      return await readLoadsManifest(this.t, file);
    } catch (e) {
      if (e instanceof LoadsFileError) throw new TftpDriverError(this.where, file, e.message.replace(`${e.file}: `, ''));
      throw e;
    }
  }

  /** Inventory from <id>.loads files (ids or file names). */
  async loadInventory(loads: readonly string[], o: LoadInventoryOptions = {}): Promise<LoadInventory> {
    const files = loads.map((l) => (l.endsWith('.loads') ? l : `${l}.loads`));
    try {
      return (await readLoadInventory(this.t, files, o)).inventory;
    } catch (e) {
      if (e instanceof LoadsFileError) throw new TftpDriverError(this.where, e.file, e.message.replace(`${e.file}: `, ''));
      throw e;
    }
  }
}
