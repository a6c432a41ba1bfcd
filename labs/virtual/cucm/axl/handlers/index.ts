// The AXL methods this CUCM answers, by request element name: all of them exist in AXL 10.5's
// schema (AXLSoap.xsd). getDeviceDefaults does not (AXL 12.5 added it), so it is refused.

import type { AxlHandler } from './axl-call.ts';
import { getCommonPhoneConfig, updateCommonPhoneConfig } from './common-phone-config.ts';
import { executeSQLQuery } from './execute-sql-query.ts';
import { getEnterprisePhoneConfig, updateEnterprisePhoneConfig } from './enterprise-phone-config.ts';
import { getPhone } from './get-phone.ts';
import { listPhone } from './list-phone.ts';
import { applyPhone, resetPhone, restartPhone } from './phone-actions.ts';
import { updatePhone } from './update-phone.ts';

export const AXL_HANDLERS: Readonly<Record<string, AxlHandler>> = {
  getPhone,
  listPhone,
  updatePhone,
  applyPhone,
  resetPhone,
  restartPhone,
  getCommonPhoneConfig,
  updateCommonPhoneConfig,
  getEnterprisePhoneConfig,
  updateEnterprisePhoneConfig,
  executeSQLQuery,
};
