// Device > Phone: "Find and List Phones" (/ccmadmin/phoneFindList.do). The search row is
// CUCM's: selects searchField0 and searchLimit0, text searchString0, button findButton. The
// result table lists device name (linked to phoneEdit.do?key=<pkid>), description, device
// type, device pool, protocol, status and IP address, a page at a time.

import type { Phone } from '../../model/entities.ts';
import { queryFrom, SEARCH_FIELDS, SEARCH_LIMITS, searchPhones, type PhoneQuery, type SearchOption } from '../../model/phone-search.ts';
import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { attr, html, type SafeHtml } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

const ROWS_PER_PAGE = [25, 50, 100, 150, 200, 250] as const;

export function searchRow(q: PhoneQuery, what: string): SafeHtml {
  const options = (list: readonly SearchOption[], selected: string): SafeHtml[] =>
    list.map((o) => html`<option value="${o.value}"${attr('selected', o.value === selected)}>${o.label}</option>`);
  return html`<span>Find ${what} where</span>
<select id="searchField0" name="searchField0" aria-label="Find field">${options(SEARCH_FIELDS, q.field)}</select>
<select id="searchLimit0" name="searchLimit0" aria-label="Find condition">${options(SEARCH_LIMITS, q.limit)}</select>
<input type="text" id="searchString0" name="searchString0" value="${q.text}" aria-label="Find text">
<input type="submit" id="findButton" name="findButton" value="Find">`;
}

export function phoneStatus(phone: Phone, cucmAddress: string): string {
  return phone.ip ? `Registered with ${cucmAddress}` : 'Unregistered';
}

export function showPhoneFindList(r: PageRequest): void {
  const q = queryFrom(r.params);
  const searched = r.params.has('findButton') || r.params.has('searchString0');
  const rowsPerPage = ROWS_PER_PAGE.find((n) => String(n) === r.params.get('rowsPerPage')) ?? 50;
  const found = searched ? searchPhones(r.services.store.allPhones(), q) : [];
  const pages = Math.max(1, Math.ceil(found.length / rowsPerPage));
  const page = Math.min(pages, Math.max(1, Number.parseInt(r.params.get('page') ?? '1', 10) || 1));
  const shown = found.slice((page - 1) * rowsPerPage, page * rowsPerPage);

  const pageLink = (n: number, label: string): SafeHtml => {
    const p = new URLSearchParams({ searchField0: q.field, searchLimit0: q.limit, searchString0: q.text, rowsPerPage: String(rowsPerPage), page: String(n) });
    return html`<a href="/ccmadmin/phoneFindList.do?${p.toString()}">${label}</a>`;
  };
  const first = found.length === 0 ? 0 : (page - 1) * rowsPerPage + 1;
  const results = !searched
    ? html`<p>No active query. Please enter your search criteria using the options above.</p>`
    : html`<p id="resultCount">Phones (${first} - ${first === 0 ? 0 : first + shown.length - 1} of ${found.length})</p>
<table class="list" id="phoneList"><thead><tr><th>Device Name(Line)</th><th>Description</th><th>Device Type</th><th>Device Pool</th><th>Device Protocol</th><th>Status</th><th>IPv4 Address</th></tr></thead>
<tbody>${shown.map(
        (p) => html`<tr><td><a href="/ccmadmin/phoneEdit.do?key=${p.pkid}">${p.name}</a></td><td>${p.description}</td><td>${p.model.product}</td><td>${p.devicePool.name}</td><td>SCCP</td><td>${phoneStatus(p, r.services.address)}</td><td>${p.ip ?? ''}</td></tr>`,
      )}</tbody></table>
<p>${page > 1 ? pageLink(page - 1, 'Previous') : ''} Page ${page} of ${pages} ${page < pages ? pageLink(page + 1, 'Next') : ''}</p>`;

  const body = html`<form id="findForm" name="findForm" method="post" action="/ccmadmin/phoneFindList.do">
<fieldset><legend>Phone</legend>
${searchRow(q, 'Phone')}
<label for="rowsPerPage">Rows per Page</label>
<select id="rowsPerPage" name="rowsPerPage">${ROWS_PER_PAGE.map((n) => html`<option${attr('selected', n === rowsPerPage)}>${n}</option>`)}</select>
</fieldset></form>
${results}`;
  sendHtml(r.res, 200, adminPage({ title: 'Find and List Phones', user: r.session.user ?? '', status: takeFlash(r.session), body }));
}
