// What the phone's web pages and SSH console show: read from the phone at the moment of
// the request, so the pages always say what the phone is doing.
import type { ConsoleLog } from '../console-log.ts';

export interface PhoneView {
  hostName: string;
  mac: string;
  model: string;
  ip: string;
  cidr: string;
  gateway?: string;
  tftpServer: string;
  runningLoad: string;
  callManagers: string[];
  /** PFS as the phone applies it; undefined hides the entry (CSCui49910). */
  pfs: boolean | undefined;
  log: ConsoleLog;
}
