// The lab bus's messages: what travels between the controller and its device processes over
// each child's IPC channel (a Unix socketpair, which crosses network namespaces because it
// is a file descriptor, not an address). Secrets travel only here, never on a command line.

import type { DeviceAction } from '../cucm/index.ts';
import type { CucmOptions } from '../cucm/types.ts';
import type { PoeSwitchOptions } from '../switch/index.ts';
import type { LoadToServe } from '../tftp/index.ts';

/** Controller -> TFTP child, first message. */
export interface TftpInit {
  type: 'init';
  address: string;
  port: number;
  loads: LoadToServe[];
  sizeScale: number;
}

/** Controller -> CUCM child, first message (configSink and log are the child's own). */
export interface CucmInit {
  type: 'init';
  options: Omit<CucmOptions, 'configSink' | 'log'>;
}

/** Controller -> switch child, first message. */
export interface SwitchInit {
  type: 'init';
  options: Omit<PoeSwitchOptions, 'log'>;
}

/** Controller -> TFTP child: CUCM wrote a configuration file. */
export interface PutFile {
  type: 'put';
  name: string;
  content: string;
}

/** Controller -> CUCM child: a phone registered (running, with its address) or went away (ip undefined). */
export interface Registration {
  type: 'registration';
  phone: string;
  ip?: string;
}

/** Any child -> controller: listening (or failed to start). */
export interface Ready {
  type: 'ready';
  address: string;
  port: number;
}
export interface Failed {
  type: 'failed';
  message: string;
}

/** CUCM child -> controller: a generated configuration file. */
export interface ConfigWritten {
  type: 'config';
  name: string;
  xml: string;
}

/** CUCM child -> controller: CUCM tells a phone to apply / restart / reset. */
export interface NotifyPhone {
  type: 'notify';
  phone: string;
  action: DeviceAction;
}

/** Switch child -> controller: a port's power changed. */
export interface PortPower {
  type: 'power';
  group: number;
  port: number;
  ifName: string;
  on: boolean;
}

export type ChildMessage = Ready | Failed | ConfigWritten | NotifyPhone | PortPower;

export function isChildMessage(m: unknown): m is ChildMessage {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}
