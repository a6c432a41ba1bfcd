// Device > Device Settings > Device Defaults (/ccmadmin/deviceDefaultsEdit.do): one row per
// device type with its Load Information (the target load of every phone of that type that
// has no Phone Load Name of its own). One Save (2tbllink) for the whole table.

import { PHONE_MODELS } from '../../model/phone-models.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage, toolbarLink } from '../layout.ts';

const TITLE = 'Device Defaults Configuration';
const inputName = (code: string): string => `load_${code}`;

export function showDeviceDefaults(r: PageRequest): void {
  const defaults = r.services.store.deviceDefaults;
  const toolbar = toolbarLink('2tbllink', 'Save', '#', "return pfslabSubmit('deviceDefaultsForm','save','')");
  const body = html`<form id="deviceDefaultsForm" name="deviceDefaultsForm" method="post" action="/ccmadmin/deviceDefaultsEdit.do">
<input type="hidden" name="actionName" value="">
<fieldset><legend>Device Defaults Information</legend>
<table class="list" id="deviceDefaultsList"><thead><tr><th>Device Type</th><th>Device Protocol</th><th>Load Information</th><th>Device Pool</th></tr></thead>
<tbody>${PHONE_MODELS.map(
    (m) => html`<tr><td>${m.product}</td><td>SCCP</td><td><input type="text" name="${inputName(m.code)}" value="${defaults.get(m.code) ?? ''}" aria-label="Load Information for ${m.product}" size="30"></td><td>Default</td></tr>`,
  )}</tbody></table></fieldset></form>`;
  sendHtml(r.res, 200, adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session), toolbar, body }));
}

export function saveDeviceDefaults(r: PageRequest): void {
  const { store } = r.services;
  let changed = 0;
  for (const model of PHONE_MODELS) {
    const load = r.params.get(inputName(model.code));
    if (load === null || load.trim() === (store.deviceDefaults.get(model.code) ?? '')) continue;
    store.setDeviceDefaultLoad(model, load);
    r.services.log(`web: ${r.session.user ?? ''} set the default load of ${model.product} to ${load.trim()}`);
    changed++;
  }
  addFlash(r.session, changed === 0 ? 'No changes' : 'Update successful');
  redirect(r.res, '/ccmadmin/deviceDefaultsEdit.do', 303);
}
