// Bulk Administration > Job Scheduler (/ccmadmin/bulkjobFindList.do, public): a find row, then
// every job in a find-list table (oldest first: public scripts take the last row as the
// newest), the Job Id linked to bulkjobEdit.do?key=<uuid>.

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

export function showBatJobList(r: PageRequest): void {
  const searched = r.params.has('findButton');
  const text = (r.params.get('searchString0') ?? '').trim().toLowerCase();
  const jobs = searched ? r.services.bulkJobs.list().filter((j) => text === '' || String(j.id).includes(text) || j.description.toLowerCase().includes(text)) : [];
  const results = searched
    ? html`<p id="resultCount">Jobs (${jobs.length})</p>
<table class="cuesTableBg" summary="Find List Table Result"><tbody><tr class="cuesTableBg"><th><input type="checkbox" name="masterCheckBox"></th><th>Job Id</th><th>Job Description</th><th>Status</th><th>Submit Time</th></tr>
${jobs.map(
  (j, i) =>
    html`<tr><td><input type="checkbox" name="result[${i}].chked"></td><td><a href="bulkjobEdit.do?key=${j.key}" class="cuesTextLink">${j.id}</a></td><td>${j.description}</td><td>${j.status}</td><td>${j.submittedAt.toISOString()}</td></tr>`,
)}</tbody></table>`
    : html`<p>No active query. Please enter your search criteria using the options above.</p>`;
  const body = html`<form id="bulkjobFindListForm" method="post" action="/ccmadmin/bulkjobFindList.do">
<fieldset><legend>Job Scheduler</legend><span>Find Jobs where</span>
<select id="searchField0" name="searchField0"><option value="batjob.Jobid">Job Id</option><option value="batjob.description">Job Description</option></select>
<select id="searchLimit0" name="searchLimit0"><option value="contains">contains</option></select>
<input type="text" id="searchString0" name="searchString0" value="${r.params.get('searchString0') ?? ''}">
<input type="submit" class="cuesButton" name="findButton" value="Find"></fieldset>
${results}</form>`;
  sendHtml(r.res, 200, adminPage({ title: 'Find and List Jobs', user: r.session.user ?? '', status: takeFlash(r.session, r.url), body }));
}
