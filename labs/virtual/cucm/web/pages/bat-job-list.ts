// Bulk Administration > Job Scheduler (/ccmadmin/batJobFindList.do): every job with its
// status and how many records it has processed.

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

export function showBatJobList(r: PageRequest): void {
  const jobs = [...r.services.bulkJobs.list()].reverse();
  const body = html`<p id="resultCount">Jobs (${jobs.length})</p>
<table class="list" id="jobList"><thead><tr><th>Job Id</th><th>Job Description</th><th>Submit Time</th><th>Status</th><th>Records Processed</th></tr></thead>
<tbody>${jobs.map(
    (j) => html`<tr><td><a href="/ccmadmin/batJobEdit.do?key=${j.id}">${j.id}</a></td><td>${j.description}</td><td>${j.submittedAt.toISOString()}</td><td>${j.status}</td><td>${j.processed} / ${j.phones.length}</td></tr>`,
  )}</tbody></table>`;
  sendHtml(r.res, 200, adminPage({ title: 'Find and List Jobs', user: r.session.user ?? '', status: takeFlash(r.session), body }));
}
