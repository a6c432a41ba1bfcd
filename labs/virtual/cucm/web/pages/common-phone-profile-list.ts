// Device > Device Settings > Common Phone Profile: "Find and List Common Phone Profiles", in
// the shape of CUCM's find lists (summary "Find List Table Result", no thead, checkbox first).
// The URLs of these pages are this CUCM's own (the real ones are not public).

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

export function showCommonPhoneProfileList(r: PageRequest): void {
  const { store } = r.services;
  const profiles = store.profiles().sort((a, b) => a.name.localeCompare(b.name));
  const body = html`<p id="resultCount">Common Phone Profiles (1 - ${profiles.length} of ${profiles.length})</p>
<table class="cuesTableBg" summary="Find List Table Result"><tbody><tr class="cuesTableBg"><th><input type="checkbox" name="masterCheckBox"></th><th>Name</th><th>Description</th><th>Phones</th></tr>
${profiles.map(
    (p, i) =>
      html`<tr><td><input type="checkbox" name="result[${i}].chked"></td><td><a href="commonPhoneProfileEdit.do?key=${p.pkid}" class="cuesTextLink">${p.name}</a></td><td>${p.description}</td><td>${store.phonesUsing(p).length}</td></tr>`,
  )}</tbody></table>`;
  sendHtml(r.res, 200, adminPage({ title: 'Find and List Common Phone Profiles', user: r.session.user ?? '', status: takeFlash(r.session, r.url), body }));
}
