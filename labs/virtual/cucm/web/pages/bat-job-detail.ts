// One Bulk Administration job (/ccmadmin/bulkjobEdit.do?key=<uuid>, public): its Job
// Information (Job Id, Description, Status: Hold / Pending / Processing / Completed) and,
// once it has run, a Job Results row with the columns public scripts read there (start time,
// result status, records processed, failed, total, log file). The row labels and column
// headers are this CUCM's guesses. A driver reloads it until the status is Completed.

import type { PageRequest } from '../context.ts';
import { takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';

const TITLE = 'Job Configuration';

export function showBatJobDetail(r: PageRequest): void {
  const job = r.services.bulkJobs.get(r.params.get('key') ?? '');
  if (!job) {
    sendHtml(r.res, 404, adminPage({ title: TITLE, user: r.session.user ?? '', errors: ['The job was not found.'], body: html`` }));
    return;
  }
  const result = job.status === 'Completed' ? (job.failed === 0 ? 'Success' : 'Completed with errors') : job.status === 'Processing' ? 'Processing' : '';
  const body = html`<fieldset id="jobInformation"><legend>Job Information</legend>
<table class="form"><tbody>
<tr><td class="cuesTextLabel">Job Id</td><td>${job.id}</td></tr>
<tr><td class="cuesTextLabel">Description</td><td>${job.description}</td></tr>
<tr><td class="cuesTextLabel">Status</td><td>${job.status}</td></tr>
<tr><td class="cuesTextLabel">Submit Time</td><td>${job.submittedAt.toISOString()}</td></tr>
</tbody></table></fieldset>
<fieldset id="jobResults"><legend>Job Results</legend>
<table class="cuesTableBg" summary="Job Results"><tbody><tr class="cuesTableBg"><th>Start Time</th><th>Job Result Status</th><th>Number Of Records Processed</th><th>Number Of Records Failed</th><th>Total Number Of Records</th><th>Log File Name</th></tr>
${job.startedAt ? html`<tr class="content-grid-stripe-dark"><td>${job.startedAt.toISOString()}</td><td>${result}</td><td>${job.processed}</td><td>${job.failed}</td><td>${job.phones.length}</td><td>${job.id}#${job.submittedAt.getTime()}.txt</td></tr>` : ''}
</tbody></table></fieldset>
${job.failures.length > 0 ? html`<fieldset><legend>Failures</legend><ul>${job.failures.map((f) => html`<li>${f.phone}: ${f.reason}</li>`)}</ul></fieldset>` : ''}
<p><a href="bulkjobEdit.do?key=${job.key}">Refresh</a> | <a href="/ccmadmin/bulkjobFindList.do">Job Scheduler</a></p>`;
  sendHtml(r.res, 200, adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session, r.url), body }));
}
