// Bulk Administration > Phones > Update Phones > Query (/ccmadmin/batPhoneUpdateQuery.do):
// find the phones to update (by device name, description, device type = model, ...), check
// the list, then Next to the update page, which carries the query along.

import { queryFrom, searchPhones } from '../../model/phone-search.ts';
import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';
import { searchRow } from './phone-find-list.ts';

const SHOWN = 50;

export function showBatPhoneUpdateQuery(r: PageRequest): void {
  const q = queryFrom(r.params);
  const searched = r.params.has('findButton');
  const found = searched ? searchPhones(r.services.store.allPhones(), q) : [];
  const results = !searched
    ? html``
    : html`<p id="resultCount">${found.length} phones match the query</p>
<table class="list" id="queryResults"><thead><tr><th>Device Name</th><th>Description</th><th>Device Type</th><th>Device Pool</th></tr></thead>
<tbody>${found.slice(0, SHOWN).map((p) => html`<tr><td>${p.name}</td><td>${p.description}</td><td>${p.model.product}</td><td>${p.devicePool.name}</td></tr>`)}</tbody></table>
${found.length > SHOWN ? html`<p>(first ${SHOWN} shown)</p>` : ''}
<form id="nextForm" method="get" action="/ccmadmin/batPhoneUpdate.do">
<input type="hidden" name="searchField0" value="${q.field}"><input type="hidden" name="searchLimit0" value="${q.limit}"><input type="hidden" name="searchString0" value="${q.text}">
<input type="submit" id="nextButton" value="Next"${found.length === 0 ? html` disabled` : ''}>
</form>`;
  const body = html`<form id="queryForm" method="post" action="/ccmadmin/batPhoneUpdateQuery.do">
<fieldset><legend>Update Phones Query</legend>${searchRow(q, 'Phone')}</fieldset></form>
${results}`;
  sendHtml(r.res, 200, adminPage({ title: 'Update Phones Query', user: r.session.user ?? '', status: takeFlash(r.session), body }));
}
