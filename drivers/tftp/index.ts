// pfslab's TFTP driver: reading config files and loads from a lab's TFTP server.
export { TftpError, tftpGet } from './tftp-client.ts';
export type { TftpGetOptions, TftpGetResult } from './tftp-client.ts';
