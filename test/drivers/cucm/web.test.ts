// The web driver (system Chromium) against the virtual CUCM's pages: PFS at each level with
// its override box, Save / Apply Config / Restart / Reset, bulk Update Phones and its job,
// session expiry, a missing field with evidence, and the journal.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { CucmAuthError, CucmFieldMissingError, CucmUnreachableError, cucmDriverFor, type EvidenceFiles } from '../../../drivers/cucm/index.ts';
import { WebBackend } from '../../../drivers/cucm/web/web-backend.ts';
import { requireChromium } from './support/chromium.ts';
import { PASSWORD, pfsInConfigFile, stored } from './support/virtual-cucm.ts';
import { applyRestartReset, useDriverOnVirtualCucm } from './support/driver-on-virtual-cucm.ts';
import { useSilentServer } from './support/silent-server.ts';
import { webRequest } from '../../virtual/cucm/support/web-client.ts';

describe('CUCM driver: web pages (Chromium)', function () {
  const evidence: EvidenceFiles[] = [];
  const cucm = useDriverOnVirtualCucm({
    via: 'web',
    name: 'cucm-web',
    // CSCso40251 takes the PFS row off the 7965's page; CSCsh98792 makes BAT drop it silently.
    cucm: { faults: [{ id: 'CSCso40251' }, { id: 'CSCsh98792' }], sessionTtlMs: 60_000 },
    web: { onEvidence: (f) => evidence.push(f) },
    timing: { bulkPollMs: 100 },
  });

  it('finds a phone through Find and List Phones', async () => {
    const info = await cucm.driver.findPhone('SEP0250F5A10002');
    assert.equal(info.model, 'Cisco 7961');
    assert.equal(info.description, 'branch 7961 two');
    assert.equal(info.ip, '10.20.1.22');
    assert.match(info.status ?? '', /^Registered/);
    assert.equal(info.commonPhoneProfile, 'Branch Common Phone Profile');
    assert.equal(info.pkid, cucm.v.cucm.state().phones.find((p) => p.name === 'SEP0250F5A10002')?.pkid);
  });

  it('sets PFS at enterprise, profile and phone level with the override boxes; Save writes the config file', async () => {
    await cucm.driver.setPfs('enterprise', 'Enabled');
    assert.deepEqual(await cucm.driver.getPfs('enterprise'), { value: 'Enabled', override: true });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '1');

    await cucm.driver.setPfs({ commonPhoneProfile: 'Standard Common Phone Profile' }, 'Disabled');
    assert.deepEqual(await cucm.driver.getPfs({ commonPhoneProfile: 'Standard Common Phone Profile' }), { value: 'Disabled', override: true });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '0');

    await cucm.driver.setPfs({ phone: 'SEP0250F5A10001' }, 'Enabled');
    assert.deepEqual(await cucm.driver.getPfs({ phone: 'SEP0250F5A10001' }), { value: 'Enabled', override: true });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Enabled', source: 'phone' });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '1');

    await cucm.driver.setPfs({ phone: 'SEP0250F5A10001' }, 'Enabled', { override: false });
    assert.deepEqual(await cucm.driver.getPfs({ phone: 'SEP0250F5A10001' }), { value: 'Enabled', override: false });
    assert.deepEqual(await cucm.driver.getEffectivePfs('SEP0250F5A10001'), { value: 'Disabled', source: 'commonPhoneProfile' });
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '0');
  });

  it('Apply Config, Restart and Reset go through their popups and reach the phone', async () => {
    await cucm.driver.save('SEP0250F5A10003');
    await applyRestartReset(cucm, 'SEP0250F5A10003');
  });

  it('says the "Peer Firmware Sharing" field is absent on the 7965 page (CSCso40251), with screenshot and HTML', async () => {
    const before = evidence.length;
    const err = await cucm.driver.setPfs({ phone: 'SEP0250F5A10004' }, 'Enabled').then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof CucmFieldMissingError, String(err));
    assert.match(err.message, /the "Peer Firmware Sharing" field is absent on the Phone Configuration page of SEP0250F5A10004 \(Cisco 7965\)/);
    assert.ok(err.evidence);
    assert.ok(existsSync(err.evidence.screenshot) && existsSync(err.evidence.html));
    const html = readFileSync(err.evidence.html, 'utf8');
    assert.match(html, /Phone Configuration/);
    assert.ok(!html.includes(PASSWORD));
    assert.ok(evidence.length > before, 'the evidence callback was called');
  });

  it('bulk Update Phones + job wait: the read-back reveals that CSCsh98792 changed nothing', async () => {
    // The 7961s only: the 7965's pages lack the field (CSCso40251), so its previous value cannot be read there.
    const result = await cucm.driver.bulkUpdatePhones({ query: { model: 'CP-7961G' }, set: { peerFirmwareSharing: 'Enabled' } });
    assert.deepEqual(result.phones, ['SEP0250F5A10001', 'SEP0250F5A10002', 'SEP0250F5A10003']);
    assert.equal(result.reported.status, 'Success');
    assert.equal(result.reported.failed, 0);
    assert.equal(result.reported.succeeded, result.phones.length);
    assert.equal(result.verified, false);
    assert.deepEqual(result.changed, []);
    assert.deepEqual(result.unchanged, result.phones);
  });

  it('undoes every change through the journal: values back as before', async () => {
    const failures = await cucm.journal.undoAll();
    assert.deepEqual(failures.map((f) => f.error.message), []);
    const state = cucm.v.cucm.state();
    assert.equal(state.enterprise['peerFirmwareSharing'], '0');
    assert.equal(state.commonPhoneProfiles.find((p) => p.name === 'Standard Common Phone Profile')?.productSettings['peerFirmwareSharing']?.override, false);
    assert.equal(stored(cucm.v, 'SEP0250F5A10001').override, false);
    assert.equal(pfsInConfigFile(cucm.v, 'SEP0250F5A10001'), '0');
  });
});

describe('CUCM driver: web pages, session expiry and bulk without faults', function () {
  const cucm = useDriverOnVirtualCucm({
    via: 'web',
    name: 'cucm-web2',
    cucm: { sessionTtlMs: 1500, phones: [
      { name: 'SEP0250F5A20001', model: 'CP-7961G' },
      { name: 'SEP0250F5A20002', model: 'CP-7961G' },
    ] },
    timing: { bulkPollMs: 100 },
  });

  it('logs in again by itself when the session has expired', async () => {
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(cucm.v.cucm.state().activeSessions, 0);
    await cucm.driver.setPfs({ phone: 'SEP0250F5A20001' }, 'Enabled');
    assert.deepEqual(stored(cucm.v, 'SEP0250F5A20001'), { value: '1', override: true });
  });

  it('repeats a Save whose POST met an expired session, after logging in again', async () => {
    const backend = new WebBackend(cucm.v.conn(), { evidenceDir: `${cucm.tmp.dir}/evidence` });
    try {
      const page = await backend.session.page();
      // The first Save of a phone is sent without its session cookie: CUCM answers with the
      // login page and the form is lost, as when the session ends between page and Save.
      let dropped = 0;
      await page.context().route('**/ccmadmin/phoneEdit.do', async (route) => {
        if (route.request().method() === 'POST' && dropped === 0) {
          dropped++;
          const headers = { ...route.request().headers() };
          delete headers['cookie'];
          await route.continue({ headers });
          return;
        }
        await route.continue();
      });
      await backend.setPfs({ phone: 'SEP0250F5A20002' }, { value: 'Enabled', override: true });
      assert.equal(dropped, 1);
      assert.deepEqual(stored(cucm.v, 'SEP0250F5A20002'), { value: '1', override: true });
    } finally {
      await backend.close();
    }
  });

  it('reports a wrong password clearly, without the password', async () => {
    const wrong = 'Not-The-Password-456';
    const bad = cucmDriverFor(cucm.v.conn({ password: wrong }), { via: 'web', web: { evidenceDir: `${cucm.tmp.dir}/evidence` } });
    try {
      const err = await bad.login().then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof CucmAuthError, String(err));
      assert.match(err.message, /refused user "pfslab-admin"/);
      assert.ok(!err.message.includes(wrong));
    } finally {
      await bad.close();
    }
  });

  it('bulk Update Phones by model waits for the job and verifies every phone', async () => {
    const result = await cucm.driver.bulkUpdatePhones({ query: { model: 'CP-7961G' }, set: { peerFirmwareSharing: 'Enabled' } });
    assert.deepEqual(result.phones, ['SEP0250F5A20001', 'SEP0250F5A20002']);
    assert.equal(result.verified, true);
    assert.deepEqual(result.changed, result.phones);
    for (const p of result.phones) assert.equal(pfsInConfigFile(cucm.v, p), '1');
  });
});

describe('CUCM driver: web pages of a CUCM that does not answer', function () {
  before(() => requireChromium());
  const silent = useSilentServer();

  it('fails with an error naming the URL', async () => {
    const port = silent.port;
    const url = `https://127.0.0.1:${port}/`;
    const driver = cucmDriverFor({ url, user: 'pfslab-admin', password: PASSWORD, version: '10.5', axlUrl: undefined, tls: { insecure: true }, timeoutMs: 1500 }, { via: 'web' });
    try {
      const err = await driver.login().then(
        () => assert.fail('no error'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof CucmUnreachableError, String(err));
      assert.ok(err.message.includes(`${url}ccmadmin/showHome.do`), err.message);
      assert.ok(!err.message.includes(PASSWORD));
    } finally {
      await driver.close();
    }
  });
});

describe('CUCM driver: web Save while the browser fetches its favicon', function () {
  const cucm = useDriverOnVirtualCucm({ via: 'web', name: 'cucm-web-favicon', cucm: { sessionTtlMs: 60_000 }, login: false });

  // Chromium fetches /favicon.ico by itself after a page loads, in the same session (Playwright
  // neither shows nor routes that request). A nightly's Save once read "Ready" instead of
  // "Update successful": that fetch, redirected to the home page, came between the Save's POST
  // and the page it redirects to. Here it is put exactly there: the POST is sent on the
  // browser's behalf, then the favicon fetch, then the browser gets the POST's redirect.
  it('confirms the Save with "Update successful" when a favicon fetch comes between the POST and its redirect', async () => {
    const backend = new WebBackend(cucm.v.conn(), { evidenceDir: `${cucm.tmp.dir}/evidence` });
    const fetched: string[] = [];
    try {
      const page = await backend.session.page();
      await page.context().route('**/ccmadmin/phoneEdit.do', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const cookie = (await route.request().allHeaders())['cookie'] ?? '';
        const form = Object.fromEntries(new URLSearchParams(route.request().postData() ?? ''));
        const save = await webRequest(cucm.v.cucm, '/ccmadmin/phoneEdit.do', { form, cookie });
        let favicon = await webRequest(cucm.v.cucm, '/favicon.ico', { cookie });
        for (let hops = 0; favicon.location !== undefined && hops < 5; hops++) favicon = await webRequest(cucm.v.cucm, favicon.location, { cookie });
        fetched.push(/<title>([^<]*)<\/title>/.exec(favicon.body)?.[1] ?? `HTTP ${favicon.status}`);
        return route.fulfill({ status: save.status, headers: save.location === undefined ? {} : { Location: save.location }, body: save.body });
      });
      await backend.setPfs({ phone: 'SEP0250F5A10003' }, { value: 'Enabled', override: true });
      assert.deepEqual(fetched, ['Cisco Unified CM Administration'], 'the favicon fetch reached the home page between the POST and its redirect');
      assert.deepEqual(stored(cucm.v, 'SEP0250F5A10003'), { value: '1', override: true });
    } finally {
      await backend.close();
    }
  });
});
