// pfslab's phone drivers: what a phone shows on its web pages (device and network
// information, console log files) and its SSH console. One file per way of reaching it.
export { PhoneError } from './errors.ts';
export type { PhoneTarget } from './phone-target.ts';
export { phoneLabel } from './phone-target.ts';
export type { DeviceInformation, NetworkConfiguration } from './xml-records.ts';
export { PFS_ELEMENTS, parseDeviceInformation, parseNetworkConfiguration, runsLoad, XmlPageError } from './xml-records.ts';
export type { ConsoleLogFileRef, PhoneWebPaths } from './phone-web.ts';
export { PHONE_WEB_PATHS, PhoneWeb } from './phone-web.ts';
export type { CollectorGap, CollectorOptions, CollectorStats } from './console-log-collector.ts';
export { ConsoleLogCollector } from './console-log-collector.ts';
export type { ConsoleDialect, LoginStep } from './console-dialect.ts';
export { DEFAULT_DIALECT } from './console-dialect.ts';
export type { ConsoleFollower, FollowEvent, FollowOptions, SshConsoleOptions, SshConsoleTarget } from './ssh-console.ts';
export { ConsoleSession, PhoneSshConsole } from './ssh-console.ts';
export type { ResumeStart } from './resume-filter.ts';
export type { LoadProgress, WaitForLoadOptions } from './wait-for-load.ts';
export { waitForLoad } from './wait-for-load.ts';
export type { LabPhoneDrivers } from './from-lab.ts';
export { phoneDriversFromLab } from './from-lab.ts';
