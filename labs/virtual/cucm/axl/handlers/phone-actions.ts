// applyPhone, restartPhone, resetPhone: the phone's configuration file is rebuilt and the
// phone told to apply it, restart or reset.

import type { DeviceAction } from '../../types.ts';
import { axlUuid } from '../xml-write.ts';
import { findPhone, type AxlCall, type AxlHandler } from './axl-call.ts';

function phoneAction(action: DeviceAction): AxlHandler {
  return (call: AxlCall) => {
    const phone = findPhone(call);
    call.services.provisioning.deliver([phone], action);
    return `<return>${axlUuid(phone.pkid)}</return>`;
  };
}

export const applyPhone = phoneAction('apply');
export const restartPhone = phoneAction('restart');
export const resetPhone = phoneAction('reset');
