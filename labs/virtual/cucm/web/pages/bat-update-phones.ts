// Bulk Administration > Phones > Update Phones (after Query -> Find -> Next), as Cisco's BAT
// guide describes it: each field to change has its own "update" box in its row (a field whose
// box is clear is left alone); the action after the update is a set of radio buttons (none,
// Reset, Restart, Apply Config); the job runs immediately or later (radio runimmediately
// true/false and the Submit button named "Submit", as public scripts see BAT's insert page).
// Submitting creates a job, listed on bulkjobFindList.do. URL and the radio labels are this
// CUCM's guesses (not public). The product-specific section lists the parameters every
// matched model's page has.

import type { BulkPhoneChanges } from '../../bulk/bulk-jobs.ts';
import type { Phone } from '../../model/entities.ts';
import { bulkPageFields } from '../../model/layouts.ts';
import type { PhoneModel } from '../../model/phone-models.ts';
import { queryFrom, searchPhones } from '../../model/phone-search.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { html, type SafeHtml } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';
import { readBulkProductSection, renderBulkProductSection } from '../product-section.ts';
import { BAT_QUERY_PATH, BAT_UPDATE_PATH } from './bat-update-phones-query.ts';

const TITLE = 'Update Phones Configuration';
const AFTER: readonly { value: BulkPhoneChanges['after']; label: string }[] = [
  { value: 'none', label: "Don't Reset, Restart or Apply Config" },
  { value: 'reset', label: 'Reset' },
  { value: 'restart', label: 'Restart' },
  { value: 'apply', label: 'Apply Config' },
];

function matched(r: PageRequest): { phones: Phone[]; models: PhoneModel[] } {
  const phones = searchPhones(r.services.store.allPhones(), queryFrom(r.params));
  return { phones, models: [...new Set(phones.map((p) => p.model))] };
}

/** A device field row: update box, visible name, control. */
function fieldRow(name: string, label: string, control: SafeHtml): SafeHtml {
  return html`<tr><td><input type="checkbox" name="${name}.update" title="Update ${label}" aria-label="update"></td><td class="cuesTextLabel">${label}</td><td>${control}</td></tr>`;
}

export function showBatPhoneUpdate(r: PageRequest): void {
  const q = queryFrom(r.params);
  const { phones, models } = matched(r);
  const { store, faults } = r.services;
  const fields = bulkPageFields(models, faults);
  const body =
    phones.length === 0
      ? html`<p><a href="${BAT_QUERY_PATH}">Back to the query</a></p>`
      : html`<form id="bulkphoneupdateForm" name="bulkphoneupdateForm" method="post" action="${BAT_UPDATE_PATH}">
<input type="hidden" name="searchField0" value="${q.field}"><input type="hidden" name="searchLimit0" value="${q.limit}"><input type="hidden" name="searchString0" value="${q.text}">
<p id="matchCount">${phones.length} phones (${models.map((m) => m.product).join(', ')}) will be updated.</p>
<fieldset id="deviceInformation"><legend>Device Information</legend>
<table class="form"><tbody><tr><th>Update</th><th>Field</th><th>Value</th></tr>
${fieldRow('description', 'Description', html`<input type="text" name="description" size="50">`)}
${fieldRow('fkcommonphoneconfig', 'Common Phone Profile', html`<select name="fkcommonphoneconfig">${store.profiles().map((p) => html`<option value="${p.name}">${p.name}</option>`)}</select>`)}
${fieldRow('specialloadinformation', 'Phone Load Name', html`<input type="text" name="specialloadinformation" size="40">`)}
</tbody></table></fieldset>
${renderBulkProductSection(fields, models.length > 1 ? 'Only the parameters every selected device type has are shown.' : undefined)}
<fieldset id="afterUpdate"><legend>Action after update</legend>
${AFTER.map((a, i) => html`<input type="radio" id="deviceAction${i}" name="deviceaction" value="${a.value}"${a.value === 'none' ? html` checked` : ''}> <label for="deviceAction${i}">${a.label}</label><br>`)}
</fieldset>
<fieldset id="jobInformation"><legend>Job Information</legend>
<table class="form"><tbody>
<tr><td class="cuesTextLabel">Job Description</td><td><input type="text" name="jobdescription" value="Update Phones - Query" size="50"></td></tr>
</tbody></table>
<input type="radio" id="runImmediately" name="runimmediately" value="true"> <label for="runImmediately">Run Immediately</label><br>
<input type="radio" id="runLater" name="runimmediately" value="false" checked> <label for="runLater">Run Later (To schedule and activate this job, use the Job Scheduler page.)</label>
</fieldset>
<input type="submit" class="cuesButton" name="Submit" value="Submit">
</form>`;
  sendHtml(
    r.res,
    200,
    adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session, r.url), errors: phones.length === 0 ? ['No phones match the query.'] : [], body }),
  );
}

export function submitBatPhoneUpdate(r: PageRequest): void {
  const { phones, models } = matched(r);
  if (phones.length === 0) return showBatPhoneUpdate(r);
  const p = r.params;
  const updated = (name: string): string | undefined => (p.has(`${name}.update`) ? (p.get(name) ?? '').trim() : undefined);
  const after = AFTER.find((a) => a.value === p.get('deviceaction'))?.value ?? 'none';
  const runNow = p.get('runimmediately') === 'true';
  const description = (p.get('jobdescription') ?? '').trim() || 'Update Phones - Query';
  const job = r.services.bulkJobs.submit(
    description,
    phones,
    {
      description: updated('description'),
      commonPhoneProfile: updated('fkcommonphoneconfig'),
      loadName: updated('specialloadinformation'),
      product: readBulkProductSection(p, bulkPageFields(models, r.services.faults)),
      after,
    },
    runNow,
  );
  r.services.log(`web: ${r.session.user ?? ''} submitted bulk job ${job.id}`);
  const location = `${BAT_UPDATE_PATH}?submitted=${job.id}`;
  addFlash(r.session, `Job submitted successfully. Job Id: ${job.id}`, location);
  redirect(r.res, location, 303);
}

/** After a submit: the status line only (the job is on the Job Scheduler's list). */
export function showBatSubmitted(r: PageRequest): void {
  sendHtml(r.res, 200, adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session, r.url), body: html`<p><a href="/ccmadmin/bulkjobFindList.do">Job Scheduler</a></p>` }));
}
