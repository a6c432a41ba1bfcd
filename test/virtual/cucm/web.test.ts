// The administration pages driven as the CUCM web driver will drive them: Debian's Chromium
// under Playwright, fields found by their visible labels, confirm dialogs and popups handled.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseConfig } from './support/config-xml.ts';
import { launchChromium, login, newContext } from './support/browser.ts';
import { ADMIN, startTestCucm, TEST_PHONES, type TestCucm } from './support/test-cucm.ts';

const at = (t: TestCucm, path: string): string => new URL(path, t.cucm.url).toString();

/** The override box in the row of the control labelled `label`. */
function overrideBox(page: Page, label: string) {
  return page.locator('#productSpecificConfiguration tr', { has: page.getByLabel(label, { exact: true }) }).getByRole('checkbox');
}

async function openPhone(page: Page, t: TestCucm, name: string): Promise<void> {
  await page.goto(at(t, '/ccmadmin/phoneFindList.do'));
  await page.locator('#searchField0').selectOption({ label: 'Device Name' });
  await page.locator('#searchLimit0').selectOption({ label: 'is exactly' });
  await page.locator('#searchString0').fill(name);
  await page.locator('#findButton').click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name: 'Phone Configuration' }).waitFor();
}

/** Save with the confirmation accepted; waits for the status line. */
async function save(page: Page): Promise<void> {
  page.once('dialog', (d) => void d.accept());
  await page.locator('[id="2tbllink"]').click();
  await page.locator('#statusMessages', { hasText: 'Update successful' }).waitFor();
}

/** Opens a toolbar popup, clicks a button in it and waits for it to close. */
async function popupAction(page: Page, toolbarId: string, button: string): Promise<void> {
  const popupPromise = page.waitForEvent('popup');
  // CUCM's toolbar ids start with a digit, which a CSS #id selector cannot express.
  await page.locator(`[id="${toolbarId}"]`).click();
  const popup = await popupPromise;
  // The popup closes itself right after the click: listen before clicking.
  const closed = popup.waitForEvent('close');
  await popup.getByRole('button', { name: button, exact: true }).click();
  await closed;
}

describe('virtual CUCM: administration pages (Playwright + Chromium)', function () {
  let browser: Browser;
  let t: TestCucm;
  let context: BrowserContext;
  let page: Page;

  before(async function () {
    browser = await launchChromium();
  });
  after(async function () {
    await browser?.close();
  });
  beforeEach(async function () {
    t = await startTestCucm({
      phones: TEST_PHONES.map((p) => (p.name === 'SEP0250F5A10003' ? { ...p, description: '<script>alert("x")</script> & "q"' } : p)),
    });
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterEach(async function () {
    await context.close();
    await t.cucm.close();
  });

  it('shows the login form, refuses a wrong password, logs in', async function () {
    await page.goto(at(t, '/ccmadmin/showHome.do'));
    assert.equal(await page.locator('form[name="logonForm"][action="/ccmadmin/j_security_check"]').count(), 1);
    await page.locator('input[name="j_username"]').fill(ADMIN.name);
    await page.locator('input[name="j_password"]').fill('wrong-password');
    await page.locator('#loginButton').click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /Invalid User Name or Password/);
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    assert.equal(await page.locator('#header h1').innerText(), 'Cisco Unified CM Administration');
    const cookies = await context.cookies();
    assert.ok(cookies.some((c) => c.name === 'JSESSIONID' && c.httpOnly && c.secure));
    assert.ok(!t.log.join('\n').includes(ADMIN.password) && !t.log.join('\n').includes('wrong-password'));
  });

  it('finds a phone, sets Peer Firmware Sharing by its label, Save (confirm) + Apply Config (popup OK)', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/phoneFindList.do'));
    await page.locator('#searchField0').selectOption({ label: 'Device Name' });
    await page.locator('#searchLimit0').selectOption({ label: 'begins with' });
    await page.locator('#searchString0').fill('SEP0250F5A1000');
    await page.locator('#findButton').click();
    const rows = page.locator('#phoneList tbody tr');
    assert.equal(await rows.count(), 8);
    const first = await rows.first().locator('td').allInnerTexts();
    assert.deepEqual(first, ['SEP0250F5A10001', 'Branch A 7961 #1', 'Cisco 7961', 'Default', 'SCCP', 'Registered with 127.0.0.1', '10.20.1.21']);
    await page.getByRole('link', { name: 'SEP0250F5A10001', exact: true }).click();
    assert.match(page.url(), /\/ccmadmin\/phoneEdit\.do\?key=[0-9a-f-]{36}$/);

    await page.getByLabel('Peer Firmware Sharing', { exact: true }).selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    t.sink.reset();
    await save(page);
    assert.equal(await page.getByLabel('Peer Firmware Sharing', { exact: true }).inputValue(), '1');
    assert.deepEqual(t.sink.notifications, [], 'Save alone tells the phone nothing');

    await popupAction(page, '6tbllink', 'OK');
    await page.locator('#statusMessages', { hasText: 'Apply Config successful' }).waitFor();
    assert.deepEqual(t.sink.notifications, [{ phone: 'SEP0250F5A10001', action: 'apply' }]);
    assert.equal(parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml')).vendorConfig['peerFirmwareSharing'], '1');
    assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'phone' });
  });

  it('a dismissed Save confirmation changes nothing', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await openPhone(page, t, 'SEP0250F5A10002');
    await page.getByLabel('Peer Firmware Sharing', { exact: true }).selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    const dialog = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await page.locator('[id="2tbllink"]').click();
    assert.equal(await dialog, 'confirm');
    await page.reload();
    assert.equal(await page.getByLabel('Peer Firmware Sharing', { exact: true }).inputValue(), '0');
    assert.equal(await overrideBox(page, 'Peer Firmware Sharing').isChecked(), false);
    assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10002'), { enabled: false, source: 'enterprise' });
  });

  it('Reset popup: Restart and Reset reach the phone', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await openPhone(page, t, 'SEP0250F5A10001');
    t.sink.reset();
    await popupAction(page, '5tbllink', 'Restart');
    await page.locator('#statusMessages', { hasText: 'Restart request sent' }).waitFor();
    await popupAction(page, '5tbllink', 'Reset');
    await page.locator('#statusMessages', { hasText: 'Reset request sent' }).waitFor();
    assert.deepEqual(t.sink.notifications, [
      { phone: 'SEP0250F5A10001', action: 'restart' },
      { phone: 'SEP0250F5A10001', action: 'reset' },
    ]);
  });

  it('shows the other 79xx fields and Secure Shell Information; never renders the SSH password', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await openPhone(page, t, 'SEP0250F5A10001');
    for (const label of ['Web Access', 'Settings Access', 'Gratuitous ARP', 'SSH Access', 'Log Server', 'Load Server', 'Phone Load Name', 'Common Phone Profile', 'Device Pool']) {
      assert.equal(await page.getByLabel(label, { exact: true }).count(), 1, label);
    }
    await page.getByLabel('SSH Access', { exact: true }).selectOption({ label: 'Enabled' });
    await overrideBox(page, 'SSH Access').check();
    await page.getByLabel('Secure Shell User', { exact: true }).fill('debug');
    await page.getByLabel('Secure Shell Password', { exact: true }).fill('ssh-Pa55-word');
    await save(page);
    assert.ok(!(await page.content()).includes('ssh-Pa55-word'), 'the page carries a mask, not the password');
    // Saving again without touching the password keeps it.
    await save(page);
    const cfg = parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml'));
    assert.equal(cfg.vendorConfig['sshAccess'], '0');
    assert.equal(cfg.sshUserId, 'debug');
    assert.equal(cfg.sshPassword, 'ssh-Pa55-word');
    assert.ok(!t.log.join('\n').includes('ssh-Pa55-word'));
  });

  it('renders a hostile description as text', async function () {
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await openPhone(page, t, 'SEP0250F5A10003');
    assert.equal(await page.getByLabel('Description', { exact: true }).inputValue(), '<script>alert("x")</script> & "q"');
    await page.goto(at(t, '/ccmadmin/phoneFindList.do?searchField0=name&searchLimit0=begins&searchString0=SEP'));
    assert.ok((await page.locator('#phoneList').innerText()).includes('<script>alert("x")</script> & "q"'));
    assert.equal(dialogs, 0);
  });

  it('an expired session sends the browser back to the login page, then to where it was going', async function () {
    await t.cucm.close();
    t = await startTestCucm({ sessionTtlMs: 300 });
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/phoneFindList.do'));
    assert.equal(await page.locator('#findButton').count(), 1);
    await sleep(700);
    await page.goto(at(t, '/ccmadmin/commonPhoneProfileFindList.do'));
    assert.match(page.url(), /\/ccmadmin\/showHome\.do$/);
    assert.equal(await page.locator('form[name="logonForm"]').count(), 1);
    await page.locator('input[name="j_username"]').fill(ADMIN.name);
    await page.locator('input[name="j_password"]').fill(ADMIN.password);
    await page.locator('#loginButton').click();
    await page.locator('#commonPhoneProfileList').waitFor();
    assert.match(page.url(), /commonPhoneProfileFindList\.do$/);
  });

  it('Common Phone Profile: "Override Enterprise Settings" gives its phones the profile value', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/commonPhoneProfileFindList.do'));
    assert.deepEqual(await page.locator('#commonPhoneProfileList tbody tr td:first-child').allInnerTexts(), ['Branch Common Phone Profile', 'Standard Common Phone Profile']);
    await page.getByRole('link', { name: 'Standard Common Phone Profile' }).click();
    assert.equal(await page.locator('#productSpecificConfiguration th', { hasText: 'Override Enterprise Settings' }).count(), 1);
    await page.getByLabel('Peer Firmware Sharing', { exact: true }).selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    await save(page);
    assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'commonPhoneProfile' });
    t.sink.reset();
    await popupAction(page, '6tbllink', 'OK');
    await page.locator('#statusMessages', { hasText: 'Apply Config successful for 8 devices' }).waitFor();
    assert.equal(t.sink.notifications.length, 8);
  });

  it('Enterprise Phone Configuration sets the value for every phone that does not override', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/enterprisePhoneConfigEdit.do'));
    assert.equal(await page.locator('#productSpecificConfiguration input[type=checkbox]').count(), 0, 'no override boxes at the last level');
    await page.getByLabel('Peer Firmware Sharing', { exact: true }).selectOption({ label: 'Enabled' });
    await save(page);
    for (const name of ['SEP0250F5A10001', 'SEP0250F5A10004', 'SEP0250F5A10006']) {
      assert.deepEqual(t.cucm.effectivePfs(name), { enabled: true, source: 'enterprise' });
      assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '1');
    }
  });

  it('Device Defaults sets the load of a device type', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/deviceDefaultsEdit.do'));
    await page.getByLabel('Load Information for Cisco 7961', { exact: true }).fill('SCCP41.9-4-2SR3-1S');
    await page.locator('[id="2tbllink"]').click();
    await page.locator('#statusMessages', { hasText: 'Update successful' }).waitFor();
    assert.equal(parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml')).loadInformation, 'SCCP41.9-4-2SR3-1S');
    assert.equal(parseConfig(t.sink.file('SEP0250F5A10003.cnf.xml')).loadInformation, 'SCCP41.9-4-2SR2-2S', 'the 7941 keeps its own default');
  });

  it('Bulk Administration: Update Phones by model sets PFS for all of them; the job completes', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/batPhoneUpdateQuery.do'));
    await page.locator('#searchField0').selectOption({ label: 'Device Type' });
    await page.locator('#searchLimit0').selectOption({ label: 'is exactly' });
    await page.locator('#searchString0').fill('Cisco 7961');
    await page.locator('#findButton').click();
    assert.equal(await page.locator('#queryResults tbody tr').count(), 2);
    await page.locator('#nextButton').click();
    await page.getByRole('heading', { name: 'Update Phones Configuration' }).waitFor();
    await page.getByLabel('Peer Firmware Sharing', { exact: true }).selectOption({ label: 'Enabled' });
    await page.getByLabel('Description', { exact: true }).fill('PFS pilot');
    t.sink.reset();
    await page.locator('#submitButton').click();
    await page.locator('#statusMessages', { hasText: 'Job submitted successfully' }).waitFor();
    for (let i = 0; i < 50 && (await page.locator('#jobStatus').innerText()) !== 'Completed'; i++) await page.locator('#refreshLink').click();
    assert.equal(await page.locator('#jobStatus').innerText(), 'Completed');
    assert.equal(await page.locator('#jobSucceeded').innerText(), '2');
    for (const name of ['SEP0250F5A10001', 'SEP0250F5A10002']) {
      assert.deepEqual(t.cucm.effectivePfs(name), { enabled: true, source: 'phone' });
      assert.equal(t.cucm.state().phones.find((p) => p.name === name)?.description, 'PFS pilot');
      assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '1');
    }
    assert.deepEqual(
      t.sink.notifications.map((n) => n.phone).sort(),
      ['SEP0250F5A10001', 'SEP0250F5A10002'],
    );
    await page.goto(at(t, '/ccmadmin/batJobFindList.do'));
    assert.deepEqual(await page.locator('#jobList tbody tr').first().locator('td').allInnerTexts().then((c) => [c[0], c[3], c[4]]), ['1', 'Completed', '2 / 2']);
  });

  it('Bulk Update over several models shows only the parameters every model has', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/batPhoneUpdate.do?searchField0=name&searchLimit0=begins&searchString0=SEP'));
    assert.equal(await page.getByLabel('Peer Firmware Sharing', { exact: true }).count(), 0, 'the 7960 has no PFS');
    assert.equal(await page.getByLabel('SSH Access', { exact: true }).count(), 1);
  });
});
