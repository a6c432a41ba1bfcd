// pfslab's TFTP driver: the client, and reading config files and loads from a lab's TFTP server.
export { TftpError, tftpGet } from './tftp-client.ts';
export type { TftpGetOptions, TftpGetResult } from './tftp-client.ts';
export { TftpDriver, TftpDriverError } from './driver.ts';
export { ConfigFileParseError, configFileNameOf, parsePhoneConfigFile } from './config-file.ts';
export type { PhoneConfigFile, SettingSource } from './config-file.ts';
export { readLoadInventory, readLoadsManifest, tftpFileSize } from './loads-inventory.ts';
