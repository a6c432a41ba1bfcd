// The status line after a Save or a popup ("Update successful") reaches the page the browser is
// sent to, whatever other requests the same session makes in between. Chromium fetches
// /favicon.ico by itself after every page load; the twin answers that with a redirect to
// showHome.do, and when the flash went to "the next page of the session", the home page took
// it and the saved page read "Ready" (a nightly's CSCso40251 save). The requests are made here
// in the worst order, one after the other: no timing, no browser.

import assert from 'node:assert/strict';
import { ADMIN, startTestCucm, type TestCucm } from './support/test-cucm.ts';
import { webLogin, webRequest, type WebReply } from './support/web-client.ts';

const PHONE = 'SEP0250F5A10001';

/** What the status box shows on a page, one string per line. */
function statusLines(page: WebReply): string[] {
  const box = /<div id="statusMessages" role="status">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? '';
  return [...box.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => m[1] ?? '');
}

/** GET that follows redirects with the session cookie, as a browser does. */
async function browse(t: TestCucm, path: string, cookie: string): Promise<WebReply> {
  let reply = await webRequest(t.cucm, path, { cookie });
  for (let hops = 0; reply.location !== undefined && hops < 5; hops++) reply = await webRequest(t.cucm, reply.location, { cookie });
  return reply;
}

describe('virtual CUCM: a status line reaches the page it is for', function () {
  let t: TestCucm;
  let cookie: string;
  let key: string;

  beforeEach(async function () {
    t = await startTestCucm();
    cookie = await webLogin(t.cucm, ADMIN.name, ADMIN.password);
    key = t.cucm.state().phones.find((p) => p.name === PHONE)?.pkid ?? '';
    assert.notEqual(key, '');
  });
  afterEach(async function () {
    await t.cucm.close();
  });

  it('Save: a favicon fetch between the POST and its redirect does not take "Update successful"', async function () {
    const save = await webRequest(t.cucm, '/ccmadmin/phoneEdit.do', { form: { key, actionName: 'save', description: 'saved by the flash test' }, cookie });
    assert.equal(save.status, 303);
    assert.equal(save.location, `/ccmadmin/phoneEdit.do?key=${key}`);

    // What Chromium does on its own after the previous page loaded: /favicon.ico, redirected to showHome.do.
    const favicon = await browse(t, '/favicon.ico', cookie);
    assert.match(favicon.body, /<title>Cisco Unified CM Administration<\/title>/, 'the favicon fetch reached the home page of the session');
    assert.deepEqual(statusLines(favicon), ['Ready']);

    const saved = await webRequest(t.cucm, save.location ?? '', { cookie });
    assert.deepEqual(statusLines(saved), ['Update successful']);
    assert.deepEqual(statusLines(await webRequest(t.cucm, save.location ?? '', { cookie })), ['Ready'], 'shown once');
  });

  it('Save: another page of the session opened before the redirect is followed does not take it either', async function () {
    const save = await webRequest(t.cucm, '/ccmadmin/phoneEdit.do', { form: { key, actionName: 'save', description: 'saved by the flash test' }, cookie });
    const other = t.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10002')?.pkid ?? '';
    assert.deepEqual(statusLines(await webRequest(t.cucm, `/ccmadmin/phoneEdit.do?key=${other}`, { cookie })), ['Ready']);
    assert.deepEqual(statusLines(await webRequest(t.cucm, '/ccmadmin/phoneFindList.do', { cookie })), ['Ready']);
    assert.deepEqual(statusLines(await webRequest(t.cucm, save.location ?? '', { cookie })), ['Update successful']);
  });

  it('Apply Config popup: the favicon fetch of the popup does not take the line meant for its opener', async function () {
    const done = await webRequest(t.cucm, `/ccmadmin/phoneApplyConfig.do?key=${key}`, { form: { OK: 'OK' }, cookie });
    assert.equal(done.status, 200);
    const returnUrl = /data-return-url="([^"]*)"/.exec(done.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    assert.equal(returnUrl, `/ccmadmin/phoneEdit.do?key=${key}`);
    await browse(t, '/favicon.ico', cookie);
    assert.deepEqual(statusLines(await webRequest(t.cucm, returnUrl, { cookie })), ['Apply Config successful']);
  });
});
