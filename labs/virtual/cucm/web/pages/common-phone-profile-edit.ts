// Common Phone Profile Configuration (/ccmadmin/commonPhoneProfileEdit.do?key=<pkid>): name,
// description, and the product-specific parameters with "Override Enterprise Settings".
// Toolbar: Save (1tbllink, confirmation), Reset (2tbllink) and Apply Config (3tbllink), the
// last two acting on every phone that uses the profile. The ids differ from the phone page's on
// purpose (toolbar ids are per page on CUCM: 2tbllink is Save on a phone, Delete on an End User):
// a driver that reuses an id learnt on another page clicks Reset here.

import type { CommonPhoneProfile } from '../../model/entities.ts';
import { profileFields } from '../../model/layouts.ts';
import { StoreError } from '../../model/store.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { html, type SafeHtml } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage, toolbarLink } from '../layout.ts';
import { readProductSection, renderProductSection } from '../product-section.ts';

const TITLE = 'Common Phone Profile Configuration';

function profileFromKey(r: PageRequest): CommonPhoneProfile | undefined {
  return r.services.store.profile(r.params.get('key') ?? '');
}

function notFound(r: PageRequest): void {
  sendHtml(r.res, 404, adminPage({ title: TITLE, user: r.session.user ?? '', errors: ['The Common Phone Profile was not found.'], body: html`` }));
}

function page(r: PageRequest, profile: CommonPhoneProfile, errors: string[]): SafeHtml {
  const toolbar = html`${toolbarLink('1tbllink', 'Save', '#', "return pfslabSubmit('commonPhoneProfileForm','save','Are you sure you want to save the changes to this Common Phone Profile?')")}
${toolbarLink('2tbllink', 'Reset', `/ccmadmin/commonPhoneProfileReset.do?key=${profile.pkid}`, "return pfslabPopup(this.href,'profileReset')")}
${toolbarLink('3tbllink', 'Apply Config', `/ccmadmin/commonPhoneProfileApplyConfig.do?key=${profile.pkid}`, "return pfslabPopup(this.href,'profileApplyConfig')")}`;
  const body = html`<form id="commonPhoneProfileForm" name="commonPhoneProfileForm" method="post" action="/ccmadmin/commonPhoneProfileEdit.do">
<input type="hidden" name="key" value="${profile.pkid}"><input type="hidden" name="actionName" value="">
<fieldset id="commonPhoneProfileInformation"><legend>Common Phone Profile Information</legend>
<table class="form">
<tr><td>Name:</td><td id="profileName">${profile.name}</td></tr>
<tr><td><label for="description">Description</label></td><td><input type="text" id="description" name="description" value="${profile.description}" size="50"></td></tr>
<tr><td>Phones using this profile:</td><td>${r.services.store.phonesUsing(profile).length}</td></tr>
</table></fieldset>
${renderProductSection(profileFields(), profile.product, 'Override Enterprise Settings')}
</form>`;
  return adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session, r.url), errors, toolbar, body });
}

export function showCommonPhoneProfileEdit(r: PageRequest): void {
  const profile = profileFromKey(r);
  if (!profile) return notFound(r);
  sendHtml(r.res, 200, page(r, profile, []));
}

export function saveCommonPhoneProfileEdit(r: PageRequest): void {
  const profile = profileFromKey(r);
  if (!profile) return notFound(r);
  try {
    r.services.store.updateProfile(profile, {
      description: r.params.get('description') ?? undefined,
      productChanges: readProductSection(r.params, profileFields(), true),
    });
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    sendHtml(r.res, 200, page(r, profile, [`Update failed. ${err.message}`]));
    return;
  }
  r.services.log(`web: ${r.session.user ?? ''} saved Common Phone Profile "${profile.name}"`);
  const location = `/ccmadmin/commonPhoneProfileEdit.do?key=${profile.pkid}`;
  addFlash(r.session, 'Update successful', location);
  redirect(r.res, location, 303);
}
