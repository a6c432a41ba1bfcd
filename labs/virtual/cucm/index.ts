// The virtual lab's CUCM 10.5: administration web pages and AXL over HTTPS. See README.md.

export { startCucm } from './start-cucm.ts';
export { effectivePfs, resolveSetting } from './effective-pfs.ts';
export { configFileName } from './config-file.ts';
export { PRODUCT_FIELDS, PFS_KEY, type ProductField } from './model/product-fields.ts';
export type {
  ConfigSink,
  Cucm,
  CucmFaultSpec,
  CucmOptions,
  CucmPhoneSpec,
  CucmState,
  CucmUser,
  DeviceAction,
  EffectivePfs,
  PhoneState,
  SettingSource,
} from './types.ts';
