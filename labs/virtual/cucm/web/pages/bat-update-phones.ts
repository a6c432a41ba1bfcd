// Bulk Administration > Phones > Update Phones (/ccmadmin/batPhoneUpdate.do): for the phones
// the query matches, set device fields and product-specific parameters, then submit a job
// that runs immediately. Blank fields and "-- Leave unchanged --" are not updated, as in BAT.
// The product-specific section lists the parameters every matched model's page has.

import type { BulkPhoneChanges } from '../../bulk/bulk-jobs.ts';
import type { Phone } from '../../model/entities.ts';
import { bulkPageFields } from '../../model/layouts.ts';
import type { PhoneModel } from '../../model/phone-models.ts';
import { queryFrom, searchPhones } from '../../model/phone-search.ts';
import type { PageRequest } from '../context.ts';
import { addFlash, takeFlash } from '../flash.ts';
import { html } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { adminPage } from '../layout.ts';
import { readBulkProductSection, renderBulkProductSection } from '../product-section.ts';

const TITLE = 'Update Phones Configuration';
const AFTER: readonly { value: BulkPhoneChanges['after']; label: string }[] = [
  { value: 'apply', label: 'Apply Config' },
  { value: 'restart', label: 'Restart' },
  { value: 'reset', label: 'Reset' },
  { value: 'none', label: 'None' },
];

function matched(r: PageRequest): { phones: Phone[]; models: PhoneModel[] } {
  const phones = searchPhones(r.services.store.allPhones(), queryFrom(r.params));
  return { phones, models: [...new Set(phones.map((p) => p.model))] };
}

export function showBatPhoneUpdate(r: PageRequest): void {
  const q = queryFrom(r.params);
  const { phones, models } = matched(r);
  const { store, faults } = r.services;
  const fields = bulkPageFields(models, faults);
  const body =
    phones.length === 0
      ? html`<p><a href="/ccmadmin/batPhoneUpdateQuery.do">Back to the query</a></p>`
      : html`<form id="batUpdateForm" name="batUpdateForm" method="post" action="/ccmadmin/batPhoneUpdate.do">
<input type="hidden" name="searchField0" value="${q.field}"><input type="hidden" name="searchLimit0" value="${q.limit}"><input type="hidden" name="searchString0" value="${q.text}">
<p id="matchCount">${phones.length} phones (${models.map((m) => m.product).join(', ')}) will be updated.</p>
<fieldset id="deviceInformation"><legend>Device Information</legend>
<table class="form">
<tr><td><label for="description">Description</label></td><td><input type="text" id="description" name="description" size="50"></td></tr>
<tr><td><label for="commonPhoneProfile">Common Phone Profile</label></td><td><select id="commonPhoneProfile" name="commonPhoneProfile"><option value="">-- Leave unchanged --</option>${store
          .profiles()
          .map((p) => html`<option value="${p.name}">${p.name}</option>`)}</select></td></tr>
<tr><td><label for="loadName">Phone Load Name</label></td><td><input type="text" id="loadName" name="loadName" size="40"></td></tr>
</table></fieldset>
${renderBulkProductSection(fields, models.length > 1 ? 'Only the parameters every selected device type has are shown.' : undefined)}
<fieldset id="jobInformation"><legend>Job Information</legend>
<table class="form">
<tr><td><label for="jobDescription">Job Description</label></td><td><input type="text" id="jobDescription" name="jobDescription" value="Update Phones - Query" size="50"></td></tr>
<tr><td><label for="afterUpdate">Device Action After Update</label></td><td><select id="afterUpdate" name="afterUpdate">${AFTER.map((a) => html`<option value="${a.value}">${a.label}</option>`)}</select></td></tr>
<tr><td><input type="radio" id="runImmediately" name="runMode" value="immediate" checked> <label for="runImmediately">Run Immediately</label></td><td></td></tr>
</table></fieldset>
<input type="submit" id="submitButton" value="Submit">
</form>`;
  sendHtml(
    r.res,
    200,
    adminPage({ title: TITLE, user: r.session.user ?? '', status: takeFlash(r.session), errors: phones.length === 0 ? ['No phones match the query.'] : [], body }),
  );
}

export function submitBatPhoneUpdate(r: PageRequest): void {
  const { phones, models } = matched(r);
  if (phones.length === 0) return showBatPhoneUpdate(r);
  const p = r.params;
  const text = (name: string): string | undefined => {
    const v = (p.get(name) ?? '').trim();
    return v === '' ? undefined : v;
  };
  const after = AFTER.find((a) => a.value === p.get('afterUpdate'))?.value ?? 'apply';
  const job = r.services.bulkJobs.submit(text('jobDescription') ?? 'Update Phones - Query', phones, {
    description: text('description'),
    commonPhoneProfile: text('commonPhoneProfile'),
    loadName: text('loadName'),
    product: readBulkProductSection(p, bulkPageFields(models, r.services.faults)),
    after,
  });
  r.services.log(`web: ${r.session.user ?? ''} submitted bulk job ${job.id}`);
  addFlash(r.session, `Job submitted successfully. Job Id: ${job.id}`);
  redirect(r.res, `/ccmadmin/batJobEdit.do?key=${job.id}`, 303);
}
