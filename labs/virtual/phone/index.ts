// The virtual lab's phones: what the lab's bring-up, the switch wiring and tests import.
export { VirtualPhone } from './phone.ts';
export type { FileOrigin, PhoneEvents, PhoneState } from './phone.ts';
export type { ConsoleLoginStep, PhoneFault, PhoneSpec, PhoneTiming } from './spec.ts';
export { DEFAULT_TIMING, PHONE_FAULTS, macOf } from './spec.ts';
export type { BroadcastPort, NetStack, PeerDatagram } from './net-stack.ts';
export { loopbackNetStack, namespaceNetStack, subnetBroadcast, subnetMask } from './net-stack.ts';
export type { Flash } from './flash.ts';
export { newFlash } from './flash.ts';
export { ConsoleLog } from './console-log.ts';
export type { LogFile, LogLevel } from './console-log.ts';
export { virtualPhoneDialect } from './console-dialect.ts';
export { parseConfigFile } from './config-file.ts';
export type { PhoneConfig } from './config-file.ts';
export { PFS_PORT } from './pfs/messages.ts';
export { faultsForPhone, phoneSpecsFromLab, promptText } from './from-lab.ts';
export type { FromLabOptions } from './from-lab.ts';
