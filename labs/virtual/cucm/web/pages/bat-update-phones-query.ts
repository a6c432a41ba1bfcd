// Bulk Administration > Phones > Update Phones > Query (Cisco's BAT guide: Query -> Find ->
// Next). URL /ccmadmin/bulkphoneupdateFindList.do: this CUCM's guess after the public pattern
// of BAT pages (bulkphoneinsertEdit.do, bulkphonedeleteFindList.do); the real one is not
// public. The find row is Find and List Phones' (name="findButton"); the matches are listed
// in a find-list table; Next goes to the update page with the query.

import { queryFrom, searchPhones } from '../../model/phone-search.ts';
import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';
import { searchRow } from './phone-find-list.ts';

const SHOWN = 50;
export const BAT_QUERY_PATH = '/ccmadmin/bulkphoneupdateFindList.do';
export const BAT_UPDATE_PATH = '/ccmadmin/bulkphoneupdateEdit.do';

export function showBatPhoneUpdateQuery(r: PageRequest): void {
  const q = queryFrom(r.params);
  const searched = r.params.has('findButton');
  const found = searched ? searchPhones(r.services.store.allPhones(), q) : [];
  const results = !searched
    ? html``
    : html`<p id="resultCount">${found.length} records found</p>
<table class="cuesTableBg" summary="Find List Table Result"><tbody><tr class="cuesTableBg"><th>Device Name</th><th>Description</th><th>Device Pool</th><th>Device Protocol</th></tr>
${found.slice(0, SHOWN).map((p) => html`<tr><td>${p.name}</td><td>${p.description}</td><td>${p.devicePool.name}</td><td>SCCP</td></tr>`)}</tbody></table>
${found.length > SHOWN ? html`<p>(first ${SHOWN} shown)</p>` : ''}
<form id="nextForm" method="get" action="${BAT_UPDATE_PATH}">
<input type="hidden" name="searchField0" value="${q.field}"><input type="hidden" name="searchLimit0" value="${q.limit}"><input type="hidden" name="searchString0" value="${q.text}">
<input type="submit" class="cuesButton" name="Next" value="Next"${found.length === 0 ? html` disabled` : ''}>
</form>`;
  const body = html`<form id="bulkphoneupdateFindListForm" method="post" action="${BAT_QUERY_PATH}">
<fieldset><legend>Find Phones</legend>${searchRow(q, 'Phone')}</fieldset></form>
${results}`;
  sendHtml(r.res, 200, adminPage({ title: 'Update Phones - Query', user: r.session.user ?? '', status: takeFlash(r.session, r.url), body }));
}
