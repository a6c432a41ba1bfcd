// Device > Device Settings > Device Defaults (/ccmadmin/deviceDefaultsEdit.do; the real URL is
// not public): one row per device type AND protocol, as on CUCM (an SCCP and a SIP row for
// one model; pfs-reference §5), with Load Information and Inactive Load Information boxes.
// A phone's target load when it has no Phone Load Name of its own is its model's row of its
// protocol (this lab's phones are SCCP). One Save (1tbllink) for the whole table. No thead:
// the header cells are the first row, as in CUCM's lists.

import { PHONE_MODELS } from '../../model/phone-models.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage, toolbarLink } from '../layout.ts';

const TITLE = 'Device Defaults Configuration';
const PROTOCOLS = ['SCCP', 'SIP'] as const;
const inputName = (code: string, protocol: string): string => `defaults[${code}.${protocol}].loadinformation`;

export function showDeviceDefaults(r: PageRequest): void {
  const { store } = r.services;
  const toolbar = toolbarLink('1tbllink', 'Save', '#', "return pfslabSubmit('deviceDefaultsForm','save','')");
  const rows = PHONE_MODELS.flatMap((m) =>
    PROTOCOLS.map((protocol) => {
      const load = (protocol === 'SCCP' ? store.deviceDefaults : store.sipDeviceDefaults).get(m.code) ?? '';
      return html`<tr><td>${m.product}</td><td>${protocol}</td><td><input type="text" name="${inputName(m.code, protocol)}" value="${load}" size="30"></td><td><input type="text" name="defaults[${m.code}.${protocol}].inactiveloadinformation" value="" size="30"></td><td>Default</td></tr>`;
    }),
  );
  const body = html`<form id="deviceDefaultsForm" name="deviceDefaultsForm" method="post" action="/ccmadmin/deviceDefaultsEdit.do">
<input type="hidden" name="actionName" value="">
<fieldset><legend>Device Defaults Information</legend>
<table class="cuesTableBg" summary="Device Defaults"><tbody><tr><th>Device Type</th><th>Device Protocol</th><th>Load Information</th><th>Inactive Load Information</th><th>Device Pool</th></tr>
${rows}</tbody></table></fieldset></form>`;
  sendHtml(r.res, 200, adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session, r.url), toolbar, body }));
}

export function saveDeviceDefaults(r: PageRequest): void {
  const { store } = r.services;
  let changed = 0;
  for (const model of PHONE_MODELS) {
    for (const protocol of PROTOCOLS) {
      const load = r.params.get(inputName(model.code, protocol));
      const map = protocol === 'SCCP' ? store.deviceDefaults : store.sipDeviceDefaults;
      if (load === null || load.trim() === (map.get(model.code) ?? '')) continue;
      if (protocol === 'SCCP') store.setDeviceDefaultLoad(model, load);
      else store.sipDeviceDefaults.set(model.code, load.trim()); // no SIP phone in this lab reads it
      r.services.log(`web: ${r.session.user ?? ''} set the ${protocol} default load of ${model.product} to ${load.trim()}`);
      changed++;
    }
  }
  const location = '/ccmadmin/deviceDefaultsEdit.do';
  addFlash(r.session, changed === 0 ? 'No changes' : 'Update successful', location);
  redirect(r.res, location, 303);
}
