// pfslab's CUCM driver: Peer Firmware Sharing at phone, Common Phone Profile and Enterprise
// level, Apply Config / Restart / Reset, bulk updates, through the web admin pages
// (Playwright) or AXL (SOAP). Every change is journaled; see types.ts for the interface.

export type {
  BulkJobResult,
  BulkQuery,
  BulkUpdateRequest,
  CucmDriver,
  DeviceProtocol,
  EffectivePfs,
  PfsLevel,
  PfsSetting,
  PfsValue,
  PhoneAction,
  PhoneInfo,
  PhoneParam,
  PhoneParamSetting,
  SetPfsOptions,
} from './types.ts';
export { LOG_SERVER } from './types.ts';
export { createCucmDriver, cucmDriverFor } from './factory.ts';
export type { CucmDriverOptions } from './factory.ts';
export { connectionFromLab, defaultAxlUrl } from './connection.ts';
export type { CucmConnection, CucmTls } from './connection.ts';
export { UNDO_LOAD, UNDO_PFS, UNDO_PFS_BULK, UNDO_PHONE_PARAM } from './driver.ts';
export {
  AxlFaultError,
  CucmAuthError,
  CucmError,
  CucmFieldMissingError,
  CucmUnreachableError,
  CucmVerifyError,
  CucmWebError,
} from './errors.ts';
export type { EvidenceFiles } from './errors.ts';
export { probeCucm, cucmProbeCommand } from './probe.ts';
export type { ProbeReport } from './probe.ts';
