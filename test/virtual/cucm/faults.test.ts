// Each CUCM fault switch changes what its defect changes and nothing else: every check runs
// against a CUCM with the fault and a baseline without it, and compares.

import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startCucm, type CucmFaultSpec } from '../../../labs/virtual/cucm/index.ts';
import { axlPost, axlReturn } from './support/axl-client.ts';
import { launchChromium, login, newContext } from './support/browser.ts';
import { parseConfig } from './support/config-xml.ts';
import { RecordingSink } from './support/recording-sink.ts';
import { ADMIN, startTestCucm, TEST_PHONES, type TestCucm } from './support/test-cucm.ts';

const PFS = 'Peer Firmware Sharing';

/** The control in the row whose own cell reads `label` (no <label for> on these pages). */
function field(page: Page, label: string) {
  return page.locator(`xpath=//tr[td[normalize-space(.)='${label}' or normalize-space(.)='${label}*']]`).locator('select, input[type="text"]');
}

/** The visible labels of the Product Specific Configuration Layout of a page. */
async function productLabels(page: Page, t: TestCucm, path: string): Promise<string[]> {
  await page.goto(new URL(path, t.cucm.url).toString());
  return page.locator('#productSpecificConfiguration td.cuesTextLabel').allInnerTexts();
}

function phonePath(t: TestCucm, name: string): string {
  const phone = t.cucm.state().phones.find((p) => p.name === name);
  assert.ok(phone, name);
  return `/ccmadmin/phoneEdit.do?key=${phone.pkid}`;
}

/** A configuration file without what differs between two CUCM instances (ids, stamps). */
function comparable(xml: string): string {
  return xml.replace(/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g, 'UUID').replace(/<versionStamp>[^<]*<\/versionStamp>/, '');
}

const MODEL_OF = new Map(TEST_PHONES.map((p) => [p.name, p.model]));

describe('virtual CUCM: fault switches', function () {
  let browser: Browser;
  let baseline: TestCucm;
  let baseContext: BrowserContext;
  let basePage: Page;

  before(async function () {
    browser = await launchChromium();
    baseline = await startTestCucm();
    baseContext = await newContext(browser);
    basePage = await baseContext.newPage();
    await login(basePage, baseline.cucm.url, ADMIN.name, ADMIN.password);
  });
  after(async function () {
    await baseContext?.close();
    await baseline?.cucm.close();
    await browser?.close();
  });

  async function withFaulty(faults: CucmFaultSpec[], body: (t: TestCucm, page: Page) => Promise<void>): Promise<void> {
    const t = await startTestCucm({ faults });
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await login(page, t.cucm.url, ADMIN.name, ADMIN.password);
      await body(t, page);
    } finally {
      await context.close();
      await t.cucm.close();
    }
  }

  /** Phone pages of every test phone: PFS missing exactly on `hidden`, all else as baseline. */
  async function assertPhonePages(t: TestCucm, page: Page, hidden: string[]): Promise<void> {
    for (const { name } of TEST_PHONES) {
      const expected = (await productLabels(basePage, baseline, phonePath(baseline, name))).filter((l) => !(hidden.includes(MODEL_OF.get(name) ?? '') && l === PFS));
      assert.deepEqual(await productLabels(page, t, phonePath(t, name)), expected, `${name} (${MODEL_OF.get(name) ?? ''})`);
    }
  }

  async function assertOtherPagesUnchanged(t: TestCucm, page: Page): Promise<void> {
    for (const path of ['/ccmadmin/enterprisePhoneConfigEdit.do']) {
      assert.deepEqual(await productLabels(page, t, path), await productLabels(basePage, baseline, path), path);
    }
    const profileKey = (x: TestCucm): string => x.cucm.state().commonPhoneProfiles.find((p) => p.name === 'Standard Common Phone Profile')?.pkid ?? '';
    assert.deepEqual(
      await productLabels(page, t, `/ccmadmin/commonPhoneProfileEdit.do?key=${profileKey(t)}`),
      await productLabels(basePage, baseline, `/ccmadmin/commonPhoneProfileEdit.do?key=${profileKey(baseline)}`),
    );
  }

  /** AXL and the configuration file still carry a phone-level PFS on the given phone. */
  async function assertAxlStillSetsPfs(t: TestCucm, name: string): Promise<void> {
    axlReturn(await axlPost(t.cucm, 'updatePhone', `<name>${name}</name><vendorConfig><peerFirmwareSharing>1</peerFirmwareSharing></vendorConfig>`), 'updatePhone');
    assert.deepEqual(t.cucm.effectivePfs(name), { enabled: true, source: 'phone' });
    assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '1');
  }

  it('rejects an unknown fault switch before starting', async function () {
    await assert.rejects(
      startCucm({ address: '127.0.0.1', port: 0, users: [ADMIN], phones: [], loads: {}, faults: [{ id: 'CSCxx00000' as CucmFaultSpec['id'] }], configSink: new RecordingSink() }),
      /unknown CUCM fault switch: CSCxx00000/,
    );
  });

  it('CSCso40251: no Peer Firmware Sharing on 7965/7975 phone pages; everything else as without it', async function () {
    await withFaulty([{ id: 'CSCso40251' }], async (t, page) => {
      await assertPhonePages(t, page, ['CP-7965G', 'CP-7975G']);
      await assertOtherPagesUnchanged(t, page);
      // Saving the page keeps a phone-level value the page cannot show.
      await assertAxlStillSetsPfs(t, 'SEP0250F5A10004');
      await page.goto(new URL(phonePath(t, 'SEP0250F5A10004'), t.cucm.url).toString());
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('link', { name: 'Save', exact: true }).click();
      await page.locator('#statusMessages', { hasText: 'Update successful' }).waitFor();
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10004'), { enabled: true, source: 'phone' });
      // Bulk Administration shows the model's layout too.
      await page.goto(new URL('/ccmadmin/bulkphoneupdateEdit.do?searchField0=product&searchLimit0=exact&searchString0=Cisco%207965', t.cucm.url).toString());
      assert.equal(await field(page, PFS).count(), 0);
      assert.equal(await field(page, 'SSH Access').count(), 1);
    });
  });

  it('CSCso40251 with models given: hits exactly those models', async function () {
    await withFaulty([{ id: 'CSCso40251', models: ['CP-7961G'] }], async (t, page) => {
      await assertPhonePages(t, page, ['CP-7961G']);
    });
  });

  it('CSCtb49726: no Peer Firmware Sharing in the product-specific configuration of 7942/7962 only', async function () {
    await withFaulty([{ id: 'CSCtb49726' }], async (t, page) => {
      await assertPhonePages(t, page, ['CP-7942G', 'CP-7962G']);
      await assertOtherPagesUnchanged(t, page);
      await assertAxlStillSetsPfs(t, 'SEP0250F5A10006');
    });
  });

  it('CSCsh98792: bulk Update Phones reports success but does not set product-specific parameters', async function () {
    await withFaulty([{ id: 'CSCsh98792' }], async (t, page) => {
      await assertPhonePages(t, page, []);
      await page.goto(new URL('/ccmadmin/bulkphoneupdateEdit.do?searchField0=product&searchLimit0=exact&searchString0=Cisco%207961', t.cucm.url).toString());
      const row = (label: string) => page.locator(`xpath=//tr[td[normalize-space(.)='${label}']]`);
      for (const label of [PFS, 'SSH Access', 'Description']) await row(label).getByRole('checkbox').first().check();
      await field(page, PFS).selectOption({ label: 'Enabled' });
      await row(PFS).getByRole('checkbox').last().check();
      await field(page, 'SSH Access').selectOption({ label: 'Enabled' });
      await field(page, 'Description').fill('bulk-updated');
      await page.getByRole('radio', { name: 'Apply Config', exact: true }).check();
      await page.getByRole('radio', { name: 'Run Immediately' }).check();
      t.sink.reset();
      await page.locator('[name="Submit"]').click();
      await page.locator('#statusMessages', { hasText: 'Job submitted successfully' }).waitFor();
      await page.goto(new URL('/ccmadmin/bulkjobFindList.do', t.cucm.url).toString());
      await page.locator('[name="findButton"]').click();
      await page.locator('table[summary="Find List Table Result"] tr:has(td)').last().getByRole('link').click();
      const status = page.locator(`xpath=//tr/td[normalize-space(.)='Status']/following-sibling::td[1]`);
      for (let i = 0; i < 50 && (await status.innerText()) !== 'Completed'; i++) await page.getByRole('link', { name: 'Refresh' }).click();
      assert.equal(await status.innerText(), 'Completed');
      const result = (await page.locator('tr.content-grid-stripe-dark td').allInnerTexts()).slice(1, 5);
      assert.deepEqual(result, ['Success', '2', '0', '2'], 'the job says every phone was updated');
      for (const name of ['SEP0250F5A10001', 'SEP0250F5A10002']) {
        const phone = t.cucm.state().phones.find((p) => p.name === name);
        assert.equal(phone?.description, 'bulk-updated', 'non-product-specific fields are set');
        assert.deepEqual(t.cucm.effectivePfs(name), { enabled: false, source: 'enterprise' }, 'PFS is not');
        assert.equal(phone?.effectiveVendorConfig['sshAccess'], '1', 'nor any other product-specific parameter');
        assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '0');
      }
      assert.deepEqual(t.sink.notifications.map((n) => `${n.phone}:${n.action}`).sort(), ['SEP0250F5A10001:apply', 'SEP0250F5A10002:apply']);
      // AXL still sets it on the phone itself.
      await assertAxlStillSetsPfs(t, 'SEP0250F5A10001');
    });
  });

  it('CSCsh20977: the Enterprise Phone Configuration has no Peer Firmware Sharing parameter', async function () {
    await withFaulty([{ id: 'CSCsh20977' }], async (t, page) => {
      const path = '/ccmadmin/enterprisePhoneConfigEdit.do';
      assert.deepEqual(
        await productLabels(page, t, path),
        (await productLabels(basePage, baseline, path)).filter((l) => l !== PFS),
      );
      await assertPhonePages(t, page, []);
      const getVc = async (): Promise<Record<string, unknown>> => {
        const r = axlReturn(await axlPost(t.cucm, 'getEnterprisePhoneConfig', ''), 'getEnterprisePhoneConfig') as { enterprisePhoneConfig: { vendorConfig: Record<string, unknown> } };
        return r.enterprisePhoneConfig.vendorConfig;
      };
      assert.equal('peerFirmwareSharing' in (await getVc()), false);
      assert.equal((await getVc())['sshAccess'], '1');
      axlReturn(
        await axlPost(t.cucm, 'updateEnterprisePhoneConfig', '<vendorConfig><peerFirmwareSharing>1</peerFirmwareSharing><sshAccess>0</sshAccess></vendorConfig>'),
        'updateEnterprisePhoneConfig',
      );
      assert.equal((await getVc())['sshAccess'], '0', 'other enterprise parameters still work');
      for (const { name } of TEST_PHONES.filter((p) => p.model !== 'CP-7960G')) {
        assert.deepEqual(t.cucm.effectivePfs(name), { enabled: false, source: 'default' }, name);
        assert.equal(parseConfig(t.sink.file(`${name}.cnf.xml`)).vendorConfig['peerFirmwareSharing'], '0');
      }
      // Profile and phone levels are untouched by the defect.
      axlReturn(
        await axlPost(t.cucm, 'updateCommonPhoneConfig', '<name>Standard Common Phone Profile</name><vendorConfig><peerFirmwareSharing>1</peerFirmwareSharing></vendorConfig>'),
        'updateCommonPhoneConfig',
      );
      assert.deepEqual(t.cucm.effectivePfs('SEP0250F5A10001'), { enabled: true, source: 'commonPhoneProfile' });
    });
  });

  it('no fault switch changes the configuration files written at start', async function () {
    for (const id of ['CSCso40251', 'CSCtb49726', 'CSCsh98792', 'CSCsh20977'] as const) {
      const t = await startTestCucm({ faults: [{ id }] });
      try {
        for (const { name } of TEST_PHONES) {
          assert.equal(comparable(t.sink.file(`${name}.cnf.xml`)), comparable(baseline.sink.file(`${name}.cnf.xml`)), `${id} ${name}`);
        }
      } finally {
        await t.cucm.close();
      }
    }
  });
});
