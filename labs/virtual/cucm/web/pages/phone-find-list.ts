// Device > Phone: "Find and List Phones" (/ccmadmin/phoneFindList.do), shaped as public
// scripts that drive CUCM 10.5 see it (pfs-reference §5): selects searchField0 and
// searchLimit0, text searchString0, a Find button with name="findButton" and no id; the
// result table[summary="Find List Table Result"] (class cuesTableBg) inside
// #phoneFindListForm, with no thead: the header th cells are the first row of the body;
// column 1 a selection checkbox, 2 the device icon (the model only in the icon's alt), 3 the
// device name, then Description, Device Pool, Device Protocol, Status, Last Registered, Last
// Active, Unified CM, IPv4 Address. There is no Device Type column. Rows link to
// gendeviceEdit.do?key=<pkid>. A page at a time (rowsPerPage, Next / Previous).

import type { Phone } from '../../model/entities.ts';
import { queryFrom, SEARCH_FIELDS, SEARCH_LIMITS, searchPhones, type PhoneQuery, type SearchOption } from '../../model/phone-search.ts';
import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { attr, html, type SafeHtml } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

const ROWS_PER_PAGE = [25, 50, 100, 150, 200, 250] as const;
/** Scripts ask for more by URL (&rowsPerPage=9999); served up to this many. */
const MAX_ROWS_PER_PAGE = 5000;

const HEADERS = ['Device Name(Line)', 'Description', 'Device Pool', 'Device Protocol', 'Status', 'Last Registered', 'Last Active', 'Unified CM', 'IPv4 Address'];

export function searchRow(q: PhoneQuery, what: string): SafeHtml {
  const options = (list: readonly SearchOption[], selected: string): SafeHtml[] =>
    list.map((o) => html`<option value="${o.value}"${attr('selected', o.value === selected)}>${o.label}</option>`);
  return html`<span>Find ${what} where</span>
<select id="searchField0" name="searchField0">${options(SEARCH_FIELDS, q.field)}</select>
<select id="searchLimit0" name="searchLimit0">${options(SEARCH_LIMITS, q.limit)}</select>
<input type="text" id="searchString0" name="searchString0" value="${q.text}">
<input type="submit" class="cuesButton" name="findButton" value="Find">`;
}

export function phoneStatus(phone: Phone, cucmAddress: string): string {
  return phone.ip ? `Registered with ${cucmAddress}` : 'Unregistered';
}

export function showPhoneFindList(r: PageRequest): void {
  const q = queryFrom(r.params);
  const searched = r.params.has('findButton') || r.params.has('searchString0');
  const asked = Number.parseInt(r.params.get('rowsPerPage') ?? '', 10);
  const rowsPerPage = Number.isFinite(asked) && asked > 0 ? Math.min(asked, MAX_ROWS_PER_PAGE) : 50;
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
<table cellspacing="0" width="100%" class="cuesTableBg" border="0" summary="Find List Table Result"><tbody>
<tr class="cuesTableBg"><th id="check"><input type="checkbox" name="masterCheckBox" value="true"></th><th id="Icon" width="10%">&nbsp;</th>${HEADERS.map((h) => html`<th>${h}</th>`)}</tr>
${shown.map((p, i) => {
        const href = `gendeviceEdit.do?key=${p.pkid}`;
        return html`<tr class="${i % 2 === 0 ? 'cuesTableRowEven' : 'cuesTableRowOdd'}"><td headers="check"><input type="checkbox" name="result[${i}].chked" value="true"><input type="hidden" name="result[${i}].col[0].stringVal" value="${p.pkid}"></td>
<td headers="Icon"><a href="${href}" class="cuesTextLink"><img class="content-grid-button-image" alt="${p.model.product}" title="${p.model.product}" src="/ccmadmin/images/phone.gif"></a></td>
<td headers="Device Name(Line)"><a href="${href}" class="cuesTextLink">${p.name}</a></td><td>${p.description}</td><td>${p.devicePool.name}</td><td>SCCP</td><td>${phoneStatus(p, r.services.address)}</td><td></td><td></td><td>${p.ip ? r.services.address : ''}</td><td>${p.ip ?? ''}</td></tr>`;
      })}</tbody></table>
<p>${page > 1 ? pageLink(page - 1, 'Previous') : ''} Page ${page} of ${pages} ${page < pages ? pageLink(page + 1, 'Next') : ''}</p>`;

  const body = html`<form id="phoneFindListForm" name="phoneFindListForm" method="post" action="/ccmadmin/phoneFindList.do">
<fieldset><legend>Phone</legend>
${searchRow(q, 'Phone')}
<label for="rowsPerPage">Rows per Page</label>
<select id="rowsPerPage" name="rowsPerPage">${ROWS_PER_PAGE.map((n) => html`<option${attr('selected', n === rowsPerPage)}>${n}</option>`)}</select>
</fieldset>
${results}</form>`;
  sendHtml(r.res, 200, adminPage({ title: 'Find and List Phones', user: r.session.user ?? '', status: takeFlash(r.session, r.url), body }));
}
