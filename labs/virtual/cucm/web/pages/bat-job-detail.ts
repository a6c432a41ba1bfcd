// One Bulk Administration job (/ccmadmin/batJobEdit.do?key=<id>): status (Pending,
// Processing, Completed), records, successes and failures. A driver reloads it until the
// status is Completed.

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

const TITLE = 'Job Configuration';

export function showBatJobDetail(r: PageRequest): void {
  const job = r.services.bulkJobs.get(Number.parseInt(r.params.get('key') ?? '', 10));
  if (!job) {
    sendHtml(r.res, 404, adminPage({ title: TITLE, user: r.session.user ?? '', errors: ['The job was not found.'], body: html`` }));
    return;
  }
  const body = html`<fieldset id="jobInformation"><legend>Job Information</legend>
<table class="form">
<tr><td>Job Id:</td><td id="jobId">${job.id}</td></tr>
<tr><td>Job Description:</td><td id="jobDescription">${job.description}</td></tr>
<tr><td>Status:</td><td id="jobStatus">${job.status}</td></tr>
<tr><td>Number of Records:</td><td id="jobTotal">${job.phones.length}</td></tr>
<tr><td>Records Processed:</td><td id="jobProcessed">${job.processed}</td></tr>
<tr><td>Succeeded:</td><td id="jobSucceeded">${job.succeeded}</td></tr>
<tr><td>Failed:</td><td id="jobFailed">${job.failed}</td></tr>
<tr><td>Submit Time:</td><td>${job.submittedAt.toISOString()}</td></tr>
<tr><td>End Time:</td><td>${job.endedAt?.toISOString() ?? ''}</td></tr>
</table></fieldset>
${job.failures.length > 0 ? html`<fieldset><legend>Failures</legend><ul>${job.failures.map((f) => html`<li>${f.phone}: ${f.reason}</li>`)}</ul></fieldset>` : ''}
<p><a id="refreshLink" href="/ccmadmin/batJobEdit.do?key=${job.id}">Refresh</a> | <a href="/ccmadmin/batJobFindList.do">Job Scheduler</a></p>`;
  sendHtml(r.res, 200, adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session), body }));
}
