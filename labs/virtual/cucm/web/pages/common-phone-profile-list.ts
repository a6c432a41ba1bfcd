// Device > Device Settings > Common Phone Profile: "Find and List Common Phone Profiles".

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

export function showCommonPhoneProfileList(r: PageRequest): void {
  const { store } = r.services;
  const profiles = store.profiles().sort((a, b) => a.name.localeCompare(b.name));
  const body = html`<p id="resultCount">Common Phone Profiles (1 - ${profiles.length} of ${profiles.length})</p>
<table class="list" id="commonPhoneProfileList"><thead><tr><th>Name</th><th>Description</th><th>Phones</th></tr></thead>
<tbody>${profiles.map(
    (p) => html`<tr><td><a href="/ccmadmin/commonPhoneProfileEdit.do?key=${p.pkid}">${p.name}</a></td><td>${p.description}</td><td>${store.phonesUsing(p).length}</td></tr>`,
  )}</tbody></table>`;
  sendHtml(r.res, 200, adminPage({ title: 'Find and List Common Phone Profiles', user: r.session.user ?? '', status: takeFlash(r.session), body }));
}
