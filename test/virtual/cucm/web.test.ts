// The administration pages driven as the CUCM web driver will drive them: Debian's Chromium
// under Playwright, fields found by their visible labels, confirm dialogs and popups handled.

import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseConfig } from './support/config-xml.ts';
import { launchChromium, login, newContext } from './support/browser.ts';
import { ADMIN, startTestCucm, TEST_PHONES, type TestCucm } from './support/test-cucm.ts';

const at = (t: TestCucm, path: string): string => new URL(path, t.cucm.url).toString();

/** The row whose own cell reads `label` (the twin's forms have no <label for>, like CUCM's are assumed). */
function rowOf(page: Page, label: string) {
  return page.locator(`xpath=//tr[td[normalize-space(.)='${label}' or normalize-space(.)='${label}*']]`);
}
function field(page: Page, label: string) {
  return rowOf(page, label).locator('select, input[type="text"], input[type="password"]');
}
/** The override box: the last box of the row (BAT rows begin with their update box). */
function overrideBox(page: Page, label: string) {
  return rowOf(page, label).getByRole('checkbox').last();
}
function updateBox(page: Page, label: string) {
  return rowOf(page, label).getByRole('checkbox').first();
}
const FIND_LIST = 'table[summary="Find List Table Result"]';

async function openPhone(page: Page, t: TestCucm, name: string): Promise<void> {
  await page.goto(at(t, '/ccmadmin/phoneFindList.do'));
  await page.locator('#searchField0').selectOption({ label: 'Device Name' });
  await page.locator('#searchLimit0').selectOption({ label: 'is exactly' });
  await page.locator('#searchString0').fill(name);
  await page.locator('[name="findButton"]').click();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name: 'Phone Configuration' }).waitFor();
}

/** Save with the confirmation accepted; waits for the status line. */
async function save(page: Page): Promise<void> {
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('link', { name: 'Save', exact: true }).click();
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
    await page.locator('button.cuesLoginButton[value="Login"]').click();
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
    await page.locator('[name="findButton"]').click();
    // CUCM's find list: no thead, header th cells in the first row; checkbox, icon (model in alt), name...
    assert.equal(await page.locator(`${FIND_LIST} thead`).count(), 0);
    const rows = page.locator(`${FIND_LIST} tr:has(td)`);
    assert.equal(await rows.count(), 8);
    const first = await rows.first().locator('td').allInnerTexts();
    assert.deepEqual(first.slice(2).map((c) => c.trim()), ['SEP0250F5A10001', 'Branch A 7961 #1', 'Default', 'SCCP', 'Registered with 127.0.0.1', '', '', '127.0.0.1', '10.20.1.21']);
    assert.equal(await rows.first().locator('td').nth(1).locator('img').getAttribute('alt'), 'Cisco 7961');
    assert.equal(await rows.first().locator('td').first().getByRole('checkbox').count(), 1);
    await page.getByRole('link', { name: 'SEP0250F5A10001', exact: true }).click();
    assert.match(page.url(), /\/ccmadmin\/gendeviceEdit\.do\?key=[0-9a-f-]{36}$/);

    await field(page, 'Peer Firmware Sharing').selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    t.sink.reset();
    await save(page);
    assert.equal(await field(page, 'Peer Firmware Sharing').inputValue(), '1');
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
    await field(page, 'Peer Firmware Sharing').selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    const dialog = new Promise<string>((resolve) => page.once('dialog', (d) => void d.dismiss().then(() => resolve(d.type()))));
    await page.getByRole('link', { name: 'Save', exact: true }).click();
    assert.equal(await dialog, 'confirm');
    await page.reload();
    assert.equal(await field(page, 'Peer Firmware Sharing').inputValue(), '0');
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
      assert.equal(await field(page, label).count(), 1, label);
    }
    await field(page, 'SSH Access').selectOption({ label: 'Enabled' });
    await overrideBox(page, 'SSH Access').check();
    await field(page, 'Secure Shell User').fill('debug');
    await field(page, 'Secure Shell Password').fill('ssh-Pa55-word');
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
    assert.equal(await field(page, 'Description').inputValue(), '<script>alert("x")</script> & "q"');
    await page.goto(at(t, '/ccmadmin/phoneFindList.do?searchField0=name&searchLimit0=begins&searchString0=SEP'));
    assert.ok((await page.locator(FIND_LIST).innerText()).includes('<script>alert("x")</script> & "q"'));
    assert.equal(dialogs, 0);
  });

  it('an expired session sends the browser back to the login page, then to where it was going', async function () {
    await t.cucm.close();
    // The session ages by a clock the test moves: the idle time passes at once, and no other
    // (a busy machine's gap between the login and its redirect) ever counts.
    let now = Date.now();
    t = await startTestCucm({ sessionTtlMs: 60_000, sessionClock: () => now });
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/phoneFindList.do'));
    assert.equal(await page.locator('[name="findButton"]').count(), 1);
    now += 60_001;
    await page.goto(at(t, '/ccmadmin/commonPhoneProfileFindList.do'));
    assert.match(page.url(), /\/ccmadmin\/showHome\.do$/);
    assert.equal(await page.locator('form[name="logonForm"]').count(), 1);
    await page.locator('input[name="j_username"]').fill(ADMIN.name);
    await page.locator('input[name="j_password"]').fill(ADMIN.password);
    await page.locator('button.cuesLoginButton[value="Login"]').click();
    await page.locator('table[summary="Find List Table Result"]').waitFor();
    assert.match(page.url(), /commonPhoneProfileFindList\.do$/);
  });

  it('Common Phone Profile: "Override Enterprise Settings" gives its phones the profile value', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/commonPhoneProfileFindList.do'));
    assert.deepEqual(await page.locator('table[summary="Find List Table Result"] tr:has(td) td:nth-child(2)').allInnerTexts(), ['Branch Common Phone Profile', 'Standard Common Phone Profile']);
    await page.getByRole('link', { name: 'Standard Common Phone Profile' }).click();
    assert.equal(await page.locator('#productSpecificConfiguration th', { hasText: 'Override Enterprise Settings' }).count(), 1);
    await field(page, 'Peer Firmware Sharing').selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    await save(page);
    assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'commonPhoneProfile' });
    t.sink.reset();
    // Toolbar ids are per page: on the profile page Apply Config is 3tbllink (2tbllink is Reset).
    await popupAction(page, '3tbllink', 'OK');
    await page.locator('#statusMessages', { hasText: 'Apply Config successful for 8 devices' }).waitFor();
    assert.equal(t.sink.notifications.length, 8);
  });

  it('Enterprise Phone Configuration sets the value for every phone that does not override', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/enterprisePhoneConfigEdit.do'));
    // Cisco's guides show "Override Enterprise Settings" boxes on this page too; all set at start.
    const boxes = page.locator('#productSpecificConfiguration input[type=checkbox]');
    assert.ok((await boxes.count()) > 0, 'override boxes on the Enterprise page');
    for (const on of await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))) assert.equal(on, true);
    await field(page, 'Peer Firmware Sharing').selectOption({ label: 'Enabled' });
    await save(page);
    for (const name of ['SEP0250F5A10001', 'SEP0250F5A10004', 'SEP0250F5A10006']) {
      assert.deepEqual(t.cucm.effectivePfs(name), { enabled: true, source: 'enterprise' });
      assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '1');
    }
  });

  it('Device Defaults sets the load of a device type', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/deviceDefaultsEdit.do'));
    // A row per device type AND protocol: the SCCP row of the 7961, column Load Information (the first box).
    assert.equal(await page.locator(`xpath=//tr[td[normalize-space(.)='Cisco 7961']]`).count(), 2);
    await page.locator(`xpath=//tr[td[normalize-space(.)='Cisco 7961'] and td[normalize-space(.)='SCCP']]`).locator('input[type="text"]').first().fill('SCCP41.9-4-2SR3-1S');
    await page.getByRole('link', { name: 'Save', exact: true }).click();
    await page.locator('#statusMessages', { hasText: 'Update successful' }).waitFor();
    assert.equal(parseConfig(t.sink.file('SEP0250F5A10001.cnf.xml')).loadInformation, 'SCCP41.9-4-2SR3-1S');
    assert.equal(parseConfig(t.sink.file('SEP0250F5A10003.cnf.xml')).loadInformation, 'SCCP41.9-4-2SR2-2S', 'the 7941 keeps its own default');
  });

  it('Bulk Administration: Update Phones by model sets PFS for all of them; the job completes', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/bulkphoneupdateFindList.do'));
    await page.locator('#searchField0').selectOption({ label: 'Device Type' });
    await page.locator('#searchLimit0').selectOption({ label: 'is exactly' });
    await page.locator('#searchString0').fill('Cisco 7961');
    await page.locator('[name="findButton"]').click();
    assert.equal(await page.locator(`${FIND_LIST} tr:has(td)`).count(), 2);
    await page.locator('[name="Next"]').click();
    await page.getByRole('heading', { name: 'Update Phones Configuration' }).waitFor();
    await field(page, 'Peer Firmware Sharing').selectOption({ label: 'Enabled' });
    await overrideBox(page, 'Peer Firmware Sharing').check();
    await field(page, 'Description').fill('PFS pilot');
    // Without its update box a field is left alone: the load box is filled but not checked.
    await field(page, 'Phone Load Name').fill('SCCP41.0-0-0');
    await updateBox(page, 'Peer Firmware Sharing').check();
    await updateBox(page, 'Description').check();
    await page.getByRole('radio', { name: 'Apply Config', exact: true }).check();
    await page.getByRole('radio', { name: 'Run Immediately' }).check();
    t.sink.reset();
    await page.locator('[name="Submit"]').click();
    await page.locator('#statusMessages', { hasText: 'Job submitted successfully' }).waitFor();
    await page.goto(at(t, '/ccmadmin/bulkjobFindList.do'));
    await page.locator('[name="findButton"]').click();
    const jobLink = page.locator(`${FIND_LIST} tr:has(td)`).last().getByRole('link');
    assert.match((await jobLink.getAttribute('href')) ?? '', /^bulkjobEdit\.do\?key=[0-9a-f-]{36}$/);
    await jobLink.click();
    const status = page.locator(`xpath=//tr/td[normalize-space(.)='Status']/following-sibling::td[1]`);
    for (let i = 0; i < 50 && (await status.innerText()) !== 'Completed'; i++) await page.getByRole('link', { name: 'Refresh' }).click();
    assert.equal(await status.innerText(), 'Completed');
    assert.deepEqual((await page.locator('tr.content-grid-stripe-dark td').allInnerTexts()).slice(1, 5), ['Success', '2', '0', '2']);
    for (const name of ['SEP0250F5A10001', 'SEP0250F5A10002']) {
      assert.deepEqual(t.cucm.effectivePfs(name), { enabled: true, source: 'phone' });
      assert.equal(t.cucm.state().phones.find((p) => p.name === name)?.description, 'PFS pilot');
      assert.notEqual(t.cucm.state().phones.find((p) => p.name === name)?.loadName, 'SCCP41.0-0-0');
      assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '1');
    }
    assert.deepEqual(
      t.sink.notifications.map((n) => n.phone).sort(),
      ['SEP0250F5A10001', 'SEP0250F5A10002'],
    );
  });

  it('Bulk Update over several models shows only the parameters every model has', async function () {
    await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
    await page.goto(at(t, '/ccmadmin/bulkphoneupdateEdit.do?searchField0=name&searchLimit0=begins&searchString0=SEP'));
    assert.equal(await field(page, 'Peer Firmware Sharing').count(), 0, 'the 7960 has no PFS');
    assert.equal(await field(page, 'SSH Access').count(), 1);
  });
});
