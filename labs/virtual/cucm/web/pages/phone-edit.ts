// Device > Phone > Phone Configuration (/ccmadmin/phoneEdit.do?key=<pkid>, also opened as
// gendeviceEdit.do?key=<pkid> from Find and List Phones). Controls are named after database
// columns (description, fkdevicepool, fkcommonphoneconfig, specialloadinformation, as CUCM
// names its controls; the exact names are this CUCM's) and their labels are plain cells of
// the row, so a driver finds them by the row's text. Sections as on a
// real 79xx page: Phone Type, Registration, Device Information, Secure Shell Information and
// the Product Specific Configuration Layout. Toolbar: Save (2tbllink; asks for confirmation,
// saves, shows "Update successful"), Reset (5tbllink; popup with Reset / Restart) and Apply
// Config (6tbllink; popup with OK). A saved change reaches the phone's TFTP file at once
// (Cisco TFTP rebuilds it) and the phone itself on Apply Config, Restart or Reset.

import type { Phone } from '../../model/entities.ts';
import { phonePageFields } from '../../model/layouts.ts';
import { StoreError } from '../../model/store.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { attr, html, type SafeHtml } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage, toolbarLink } from '../layout.ts';
import { readProductSection, renderProductSection } from '../product-section.ts';
import { phoneStatus } from './phone-find-list.ts';

/** Stands in for a stored password in the form, so the page never carries the secret. */
export const PASSWORD_MASK = '********';

export function phoneFromKey(r: PageRequest): Phone | undefined {
  const key = r.params.get('key');
  return key ? r.services.store.phone(key) : undefined;
}

export function showPhoneNotFound(r: PageRequest): void {
  sendHtml(r.res, 404, adminPage({ title: 'Phone Configuration', user: r.session.user ?? '', errors: ['The phone was not found. It may have been deleted.'], body: html`<p><a href="/ccmadmin/phoneFindList.do">Find and List Phones</a></p>` }));
}

function page(r: PageRequest, phone: Phone, errors: string[]): SafeHtml {
  const { store, faults, address } = r.services;
  const toolbar = html`${toolbarLink('2tbllink', 'Save', '#', "return pfslabSubmit('phoneForm','save','Are you sure you want to save the changes to this phone?')")}
${toolbarLink('5tbllink', 'Reset', `/ccmadmin/phoneReset.do?key=${phone.pkid}`, "return pfslabPopup(this.href,'phoneReset')")}
${toolbarLink('6tbllink', 'Apply Config', `/ccmadmin/phoneApplyConfig.do?key=${phone.pkid}`, "return pfslabPopup(this.href,'phoneApplyConfig')")}`;
  const body = html`<form id="phoneForm" name="phoneForm" method="post" action="/ccmadmin/phoneEdit.do">
<input type="hidden" name="key" value="${phone.pkid}"><input type="hidden" name="actionName" value="">
<fieldset id="phoneType"><legend>Phone Type</legend>
<table class="form"><tr><td>Product Type:</td><td id="productType">${phone.model.product}</td></tr><tr><td>Device Protocol:</td><td>SCCP</td></tr></table></fieldset>
<fieldset id="registrationInformation"><legend>Real-time Device Status</legend>
<table class="form"><tr><td>Registration:</td><td id="registration">${phoneStatus(phone, address)}</td></tr><tr><td>IPv4 Address:</td><td id="ipAddress">${phone.ip ?? ''}</td></tr></table></fieldset>
<fieldset id="deviceInformation"><legend>Device Information</legend>
<table class="form">
<tr><td>Device Name:</td><td id="deviceName">${phone.name}</td></tr>
<tr><td class="cuesTextLabel">MAC Address*</td><td><input type="text" name="macaddress" value="${phone.name.slice(3)}" readonly></td></tr>
<tr><td class="cuesTextLabel">Description</td><td><input type="text" name="description" value="${phone.description}" size="50"></td></tr>
<tr><td class="cuesTextLabel">Device Pool*</td><td><select name="fkdevicepool">${store
    .devicePools()
    .map((p) => html`<option value="${p.name}"${attr('selected', p === phone.devicePool)}>${p.name}</option>`)}</select></td></tr>
<tr><td class="cuesTextLabel">Common Phone Profile*</td><td><select name="fkcommonphoneconfig">${store
    .profiles()
    .map((p) => html`<option value="${p.pkid}"${attr('selected', p === phone.commonPhoneProfile)}>${p.name}</option>`)}</select></td></tr>
<tr><td class="cuesTextLabel">Phone Load Name</td><td><input type="text" name="specialloadinformation" value="${phone.loadName}" size="40"></td></tr>
</table></fieldset>
<fieldset id="secureShellInformation"><legend>Secure Shell Information</legend>
<table class="form">
<tr><td class="cuesTextLabel">Secure Shell User</td><td><input type="text" name="sshuserid" value="${phone.sshUserId}" autocomplete="off"></td></tr>
<tr><td class="cuesTextLabel">Secure Shell Password</td><td><input type="password" name="sshpassword" value="${phone.sshPassword === '' ? '' : PASSWORD_MASK}" autocomplete="new-password"></td></tr>
</table></fieldset>
${renderProductSection(phonePageFields(phone.model, faults), phone.product, 'Override Common Settings')}
</form>`;
  return adminPage({ title: 'Phone Configuration', user: r.session.user ?? '', status: takeFlash(r.session, r.url), errors, toolbar, body });
}

export function showPhoneEdit(r: PageRequest): void {
  const phone = phoneFromKey(r);
  if (!phone) return showPhoneNotFound(r);
  sendHtml(r.res, 200, page(r, phone, []));
}

export function savePhoneEdit(r: PageRequest): void {
  const phone = phoneFromKey(r);
  if (!phone) return showPhoneNotFound(r);
  const p = r.params;
  const password = p.get('sshpassword');
  try {
    r.services.store.updatePhone(phone, {
      description: p.get('description') ?? undefined,
      devicePoolName: p.get('fkdevicepool') ?? undefined,
      commonPhoneProfile: p.get('fkcommonphoneconfig') ?? undefined,
      loadName: p.get('specialloadinformation') ?? undefined,
      sshUserId: p.get('sshuserid') ?? undefined,
      sshPassword: password === null || password === PASSWORD_MASK ? undefined : password,
      // Only what the page shows: a parameter a fault hides from the page keeps its value.
      productChanges: readProductSection(p, phonePageFields(phone.model, r.services.faults), true),
    });
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    sendHtml(r.res, 200, page(r, phone, [`Update failed. ${err.message}`]));
    return;
  }
  r.services.log(`web: ${r.session.user ?? ''} saved phone ${phone.name}`);
  const location = `/ccmadmin/phoneEdit.do?key=${phone.pkid}`;
  addFlash(r.session, 'Update successful', location);
  redirect(r.res, location, 303);
}
