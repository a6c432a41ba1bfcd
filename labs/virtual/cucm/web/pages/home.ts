// The page after login: CUCM's welcome text and the way into the pages this lab uses.

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

export function showHome(r: PageRequest): void {
  const body = html`<p>Cisco Unified Communications Manager, System version: 10.5.2.10000-5</p>
<ul>
<li><a href="/ccmadmin/phoneFindList.do">Device &gt; Phone</a></li>
<li><a href="/ccmadmin/commonPhoneProfileFindList.do">Device &gt; Device Settings &gt; Common Phone Profile</a></li>
<li><a href="/ccmadmin/deviceDefaultsEdit.do">Device &gt; Device Settings &gt; Device Defaults</a></li>
<li><a href="/ccmadmin/enterprisePhoneConfigEdit.do">System &gt; Enterprise Phone Configuration</a></li>
<li><a href="/ccmadmin/bulkphoneupdateFindList.do">Bulk Administration &gt; Phones &gt; Update Phones</a></li>
<li><a href="/ccmadmin/bulkjobFindList.do">Bulk Administration &gt; Job Scheduler</a></li>
</ul>`;
  sendHtml(r.res, 200, adminPage({ title: 'Cisco Unified CM Administration', user: r.session.user ?? '', status: takeFlash(r.session, r.url), body }));
}
