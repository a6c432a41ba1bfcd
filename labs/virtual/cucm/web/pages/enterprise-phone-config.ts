// System > Enterprise Phone Configuration (/ccmadmin/enterprisePhoneConfigEdit.do): the
// lowest level of the product-specific parameters, for every phone. Toolbar: Save
// (1tbllink, confirmation) and Apply Config (2tbllink, every phone: ids are per page). Each
// parameter has an "Override Enterprise Settings" box (entities.ts). With CSCsh20977 the page
// has no Peer Firmware Sharing parameter.

import { enterpriseFields } from '../../model/layouts.ts';
import { StoreError } from '../../model/store.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { html, type SafeHtml } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage, toolbarLink } from '../layout.ts';
import { readProductSection, renderProductSection } from '../product-section.ts';

const TITLE = 'Enterprise Phone Configuration';

function page(r: PageRequest, errors: string[]): SafeHtml {
  const { store, faults } = r.services;
  const toolbar = html`${toolbarLink('1tbllink', 'Save', '#', "return pfslabSubmit('enterprisePhoneConfigForm','save','Are you sure you want to save the Enterprise Phone Configuration? It applies to every phone.')")}
${toolbarLink('2tbllink', 'Apply Config', '/ccmadmin/enterprisePhoneConfigApplyConfig.do', "return pfslabPopup(this.href,'enterpriseApplyConfig')")}`;
  const body = html`<form id="enterprisePhoneConfigForm" name="enterprisePhoneConfigForm" method="post" action="/ccmadmin/enterprisePhoneConfigEdit.do">
<input type="hidden" name="actionName" value="">
${renderProductSection(enterpriseFields(faults), store.enterprise, 'Override Enterprise Settings')}
</form>`;
  return adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session, r.url), errors, toolbar, body });
}

export function showEnterprisePhoneConfig(r: PageRequest): void {
  sendHtml(r.res, 200, page(r, []));
}

export function saveEnterprisePhoneConfig(r: PageRequest): void {
  const changes = readProductSection(r.params, enterpriseFields(r.services.faults), true);
  try {
    r.services.store.updateEnterprise(new Map([...changes].map(([k, c]) => [k, c.value])), new Map([...changes].map(([k, c]) => [k, c.override])));
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    sendHtml(r.res, 200, page(r, [`Update failed. ${err.message}`]));
    return;
  }
  r.services.log(`web: ${r.session.user ?? ''} saved the Enterprise Phone Configuration`);
  const location = '/ccmadmin/enterprisePhoneConfigEdit.do';
  addFlash(r.session, 'Update successful', location);
  redirect(r.res, location, 303);
}
