// The AXL methods this CUCM answers, by request element name.

import type { AxlHandler } from './axl-call.ts';
import { getCommonPhoneConfig, updateCommonPhoneConfig } from './common-phone-config.ts';
import { getDeviceDefaults, updateDeviceDefaults } from './device-defaults.ts';
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
  getDeviceDefaults,
  updateDeviceDefaults,
};
