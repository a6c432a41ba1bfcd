// getDeviceDefaults / updateDeviceDefaults: the default load of a device type, by <model>
// (CUCM's product name, "Cisco 7961"; the lab's product code is accepted too) and
// <protocol> (SCCP: this CUCM models SCCP phones only). The element names of the
// XDeviceDefaults type are read case-insensitively (its schema capitalises them: Model,
// Protocol, LoadInformation) and written capitalised.

import { createHash } from 'node:crypto';
import { findPhoneModel, type PhoneModel } from '../../model/phone-models.ts';
import { notFound, usage } from '../axl-fault.ts';
import { childText } from '../xml-read.ts';
import { axlUuid, el } from '../xml-write.ts';
import type { AxlCall } from './axl-call.ts';

/** A stable pkid per device type, so that repeated gets agree. */
function defaultsPkid(model: PhoneModel): string {
  const h = createHash('sha1').update(`deviceDefaults:${model.code}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function modelOf(call: AxlCall): PhoneModel {
  const name = childText(call.body, 'model', true);
  if (name === undefined) throw usage(`${call.method} needs <model> (e.g. Cisco 7961) and <protocol>`);
  const protocol = childText(call.body, 'protocol', true) ?? 'SCCP';
  const model = findPhoneModel(name);
  if (!model || protocol.toUpperCase() !== 'SCCP') throw notFound('Device Defaults');
  return model;
}

export function getDeviceDefaults(call: AxlCall): string {
  const model = modelOf(call);
  const load = call.services.store.deviceDefaults.get(model.code) ?? '';
  return (
    `<return><deviceDefaults uuid="${axlUuid(defaultsPkid(model))}">` +
    el('Model', model.product) +
    el('Protocol', 'SCCP') +
    el('LoadInformation', load) +
    el('InactiveLoadInformation', '') +
    el('DevicePoolName', 'Default') +
    el('PhoneButtonTemplate', `Standard ${model.product.replace(/^Cisco /, '')} SCCP`) +
    el('PreferActCodeOverAutoReg', 'false') +
    '</deviceDefaults></return>'
  );
}

export function updateDeviceDefaults(call: AxlCall): string {
  const model = modelOf(call);
  const load = childText(call.body, 'loadInformation', true);
  if (load !== undefined) {
    call.services.store.setDeviceDefaultLoad(model, load);
    call.services.log(`axl: default load of ${model.product} set to ${load.trim()}`);
  }
  return `<return>${axlUuid(defaultsPkid(model))}</return>`;
}
