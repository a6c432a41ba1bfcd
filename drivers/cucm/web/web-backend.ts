// CUCM through its administration pages in the system Chromium (Playwright): what an engineer
// does by hand, step by step. Every selector and text comes from selectors.ts; this file
// only knows the order of the steps.

import type { Locator, Page } from 'playwright-core';
import { secretRegistry } from '../../../harness/lab/secret-registry.ts';
import type { BulkStatus, CucmBackend } from '../backend.ts';
import type { CucmConnection } from '../connection.ts';
import { CucmError, type EvidenceFiles } from '../errors.ts';
import { levelName } from '../levels.ts';
import { cucmDeviceType } from '../models.ts';
import { deviceDefaultLoad, PAGES, phoneParamTargets, TEXTS, type Target } from '../selectors.ts';
import type { BulkQuery, PfsLevel, PfsSetting, PhoneAction, PhoneInfo, PhoneParam, PhoneParamSetting } from '../types.ts';
import { resolveTarget } from './locate.ts';
import { WebSession } from './web-session.ts';

export interface WebOptions {
  /** Where screenshots and HTML of failures go. */
  evidenceDir: string;
  onEvidence?: (files: EvidenceFiles, step: string) => void;
  /** Chromium binary; /usr/bin/chromium by default. */
  executablePath?: string;
}

const DEFAULT_EVIDENCE_DIR = 'reports/out/evidence/cucm';

export class WebBackend implements CucmBackend {
  readonly via = 'web' as const;
  readonly session: WebSession;
  private readonly phoneKeys = new Map<string, string>();
  private readonly profileKeys = new Map<string, string>();

  constructor(conn: CucmConnection, opts: Partial<WebOptions>) {
    secretRegistry.add(conn.password, 'cucm.password');
    this.session = new WebSession(conn, { dir: opts.evidenceDir ?? DEFAULT_EVIDENCE_DIR, onEvidence: opts.onEvidence }, opts.executablePath);
  }

  login(): Promise<void> {
    return this.session.login();
  }

  findPhone(name: string): Promise<PhoneInfo> {
    return this.session.step(`find phone ${name}`, async () => {
      const page = await this.findInList(name);
      const table = await this.session.need(page, PAGES.phoneFind.results, PAGES.phoneFind.title);
      const link = table.getByRole('link', { name, exact: true });
      if ((await link.count()) !== 1) throw new CucmError(`CUCM has no phone ${name} (Find and List Phones, Device Name is exactly ${name})`);
      const headers = (await table.locator(PAGES.phoneFind.headerCells).allTextContents()).map((h) => h.trim());
      // `has` is matched inside each row, so it must not repeat the table's own step.
      const inRow = page.getByRole('link', { name, exact: true });
      const cells = (await table.getByRole('row').filter({ has: inRow }).locator(PAGES.phoneFind.dataCells).allTextContents()).map((c) => c.trim());
      const col = (header: string): string | undefined => {
        const i = headers.indexOf(header);
        return i < 0 ? undefined : cells[i];
      };
      const pkid = new URL((await link.getAttribute('href')) ?? '', page.url()).searchParams.get('key') ?? '';
      this.phoneKeys.set(name, pkid);
      const edit = await this.openPhone(name);
      const profileSelect = await this.session.need(edit, PAGES.phoneEdit.commonPhoneProfile, `the Phone Configuration page of ${name}`);
      return {
        pkid: pkid.replace(/[{}]/g, '').toLowerCase(),
        name,
        model: col(TEXTS.columns.model) ?? '',
        description: col(TEXTS.columns.description) ?? '',
        status: col(TEXTS.columns.status),
        ip: col(TEXTS.columns.ip) || undefined,
        commonPhoneProfile: (await selectedText(profileSelect)) || undefined,
      };
    });
  }

  listPhones(query: BulkQuery): Promise<string[]> {
    return this.session.step('list phones', async () => {
      const page = await this.session.goto(PAGES.phoneFind.path);
      await this.fillFindRow(page, PAGES.phoneFind, query);
      const names: string[] = [];
      // Page through the result list (Next link) until it ends.
      for (;;) {
        const table = page.locator(PAGES.phoneFind.results.css ?? '#phoneList');
        if ((await table.count()) === 0) break;
        const rows = table.locator(PAGES.phoneFind.bodyRows);
        for (const text of await rows.locator(PAGES.phoneFind.nameCell).allTextContents()) names.push(text.trim());
        const next = page.getByRole('link', { name: TEXTS.nextPage, exact: true });
        if ((await next.count()) === 0) break;
        await this.session.clickAndLoad(page, next);
      }
      return names.sort();
    });
  }

  getPfs(level: PfsLevel): Promise<PfsSetting> {
    return this.session.step(`read PFS of ${levelName(level)}`, async () => {
      const { page, where, targets } = await this.openLevel(level);
      const value = await selectedText(await this.session.need(page, targets.pfs, where));
      if (!targets.override) return { value };
      return { value, override: await (await this.session.need(page, targets.override, where)).isChecked() };
    });
  }

  setPfs(level: PfsLevel, setting: PfsSetting): Promise<void> {
    return this.session.step(`set PFS of ${levelName(level)}`, async () => {
      const { page, where, targets } = await this.openLevel(level);
      const field = await this.session.need(page, targets.pfs, where);
      // 'Default' (a level without a value of its own, as AXL reports it) leaves the select alone.
      if (setting.value !== 'Default') await field.selectOption({ label: setting.value });
      if (targets.override && setting.override !== undefined) await (await this.session.need(page, targets.override, where)).setChecked(setting.override);
      await this.clickSave(page, targets.save, where);
    });
  }

  getLoad(phone: string): Promise<string> {
    return this.session.step(`read Phone Load Name of ${phone}`, async () => {
      const page = await this.openPhone(phone);
      const field = await this.session.need(page, PAGES.phoneEdit.loadName, `the Phone Configuration page of ${phone}`);
      return (await field.inputValue()).trim();
    });
  }

  setLoad(phone: string, load: string): Promise<void> {
    return this.session.step(`set Phone Load Name of ${phone}`, async () => {
      const page = await this.openPhone(phone);
      const where = `the Phone Configuration page of ${phone}`;
      await (await this.session.need(page, PAGES.phoneEdit.loadName, where)).fill(load);
      await this.clickSave(page, PAGES.phoneEdit.save, where);
    });
  }

  getPhoneParam(phone: string, param: PhoneParam): Promise<PhoneParamSetting> {
    return this.session.step(`read ${param.label} of ${phone}`, async () => {
      const page = await this.openPhone(phone);
      const where = `the Phone Configuration page of ${phone}`;
      const t = phoneParamTargets(param.label, param.element);
      const field = await this.session.need(page, t.field, where);
      const isSelect = await field.evaluate((el) => el.tagName === 'SELECT');
      const value = isSelect ? await selectedText(field) : (await field.inputValue()).trim();
      return { value, override: await (await this.session.need(page, t.override, where)).isChecked() };
    });
  }

  setPhoneParam(phone: string, param: PhoneParam, setting: PhoneParamSetting): Promise<void> {
    return this.session.step(`set ${param.label} of ${phone}`, async () => {
      const page = await this.openPhone(phone);
      const where = `the Phone Configuration page of ${phone}`;
      const t = phoneParamTargets(param.label, param.element);
      const field = await this.session.need(page, t.field, where);
      if (await field.evaluate((el) => el.tagName === 'SELECT')) await field.selectOption({ label: setting.value });
      else await field.fill(setting.value);
      await (await this.session.need(page, t.override, where)).setChecked(setting.override);
      await this.clickSave(page, PAGES.phoneEdit.save, where);
    });
  }

  getDeviceDefaultLoad(model: string): Promise<string> {
    const type = cucmDeviceType(model);
    return this.session.step(`read the Device Defaults load of ${type}`, async () => {
      const page = await this.session.goto(PAGES.deviceDefaults.path);
      const field = await this.session.need(page, deviceDefaultLoad(type), `the ${PAGES.deviceDefaults.title} page`);
      return (await field.inputValue()).trim();
    });
  }

  save(phone: string): Promise<void> {
    return this.session.step(`save phone ${phone}`, async () => {
      const page = await this.openPhone(phone);
      await this.clickSave(page, PAGES.phoneEdit.save, `the Phone Configuration page of ${phone}`);
    });
  }

  phoneAction(phone: string, action: PhoneAction): Promise<void> {
    return this.session.step(`${action} phone ${phone}`, async () => {
      const page = await this.openPhone(phone);
      const where = `the Phone Configuration page of ${phone}`;
      const opener = await this.session.need(page, action === 'apply' ? PAGES.phoneEdit.applyConfig : PAGES.phoneEdit.reset, where);
      const [popup] = await Promise.all([page.waitForEvent('popup'), opener.click()]);
      await popup.waitForLoadState('domcontentloaded');
      const button =
        action === 'apply' ? PAGES.applyConfigPopup.ok : action === 'restart' ? PAGES.resetPopup.restart : PAGES.resetPopup.reset;
      const popupTitle = action === 'apply' ? PAGES.applyConfigPopup.title : PAGES.resetPopup.title;
      const ok = await this.session.need(popup, button, `the ${popupTitle} popup of ${phone}`);
      // The popup does the action, then sends this page back to the phone (status line) and closes.
      await this.session.expectNewDocument(page, () => ok.click());
      await this.session.checkSession(page);
      const expected = action === 'apply' ? TEXTS.applied : action === 'restart' ? TEXTS.restartSent : TEXTS.resetSent;
      await this.expectStatus(page, PAGES.phoneEdit.status, expected, where);
    });
  }

  startBulk(phones: string[], query: BulkQuery, value: 'Enabled' | 'Disabled', after: PhoneAction | 'none'): Promise<string> {
    return this.session.step('bulk Update Phones', async () => {
      const where = `the Update Phones page for ${JSON.stringify(query)}`;
      const page = await this.session.goto(PAGES.batQuery.path);
      await this.fillFindRow(page, PAGES.batQuery, query);
      await this.session.clickAndLoad(page, await this.session.need(page, PAGES.batQuery.next, PAGES.batQuery.title));
      await this.session.checkSession(page);
      const b = PAGES.batUpdate;
      await (await this.session.need(page, b.pfs, where)).selectOption({ label: value });
      await (await this.session.need(page, b.pfsOverride, where)).setChecked(true);
      await (await this.session.need(page, b.after, where)).selectOption({ label: TEXTS.afterUpdate[after] });
      await this.session.clickAndLoad(page, await this.session.need(page, b.submit, where));
      await this.session.checkSession(page);
      const id = (await (await this.session.need(page, PAGES.batJob.jobId, PAGES.batJob.title)).innerText()).trim();
      if (!/^\d+$/.test(id)) throw new CucmError(`bulk job for ${phones.length} phones: no job id on ${PAGES.batJob.title} (got "${id}")`);
      return id;
    });
  }

  bulkStatus(jobId: string): Promise<BulkStatus> {
    return this.session.step(`bulk job ${jobId} status`, async () => {
      const page = await this.session.goto(PAGES.batJob.path.replace('{id}', encodeURIComponent(jobId)));
      const j = PAGES.batJob;
      const text = async (t: Target): Promise<string> => (await (await this.session.need(page, t, `${j.title} ${jobId}`)).innerText()).trim();
      const status = await text(j.status);
      return { done: status === TEXTS.jobDone, status, total: Number(await text(j.total)), succeeded: Number(await text(j.succeeded)), failed: Number(await text(j.failed)) };
    });
  }

  close(): Promise<void> {
    return this.session.close();
  }

  // --- steps shared by the operations above ---

  private async findInList(name: string): Promise<Page> {
    const page = await this.session.goto(PAGES.phoneFind.path);
    await this.fillFindRow(page, PAGES.phoneFind, { namePrefix: name }, true);
    return page;
  }

  private async fillFindRow(page: Page, row: typeof PAGES.phoneFind | typeof PAGES.batQuery, query: BulkQuery, exact = false): Promise<void> {
    if (query.model !== undefined && query.namePrefix !== undefined) throw new CucmError('the web find row takes one criterion: model or namePrefix, not both');
    const byModel = query.model !== undefined;
    const title = row.title;
    await (await this.session.need(page, row.field, title)).selectOption({ label: byModel ? TEXTS.findByModel : TEXTS.findByName });
    await (await this.session.need(page, row.condition, title)).selectOption({ label: byModel || exact ? TEXTS.conditionExact : TEXTS.conditionBegins });
    await (await this.session.need(page, row.text, title)).fill(byModel ? cucmDeviceType(query.model ?? '') : (query.namePrefix ?? ''));
    await this.session.clickAndLoad(page, await this.session.need(page, row.find, title));
    await this.session.checkSession(page);
  }

  private async openPhone(name: string): Promise<Page> {
    let key = this.phoneKeys.get(name);
    if (key === undefined) {
      await this.findPhoneKey(name);
      key = this.phoneKeys.get(name) ?? '';
    }
    const page = await this.session.goto(PAGES.phoneEdit.path.replace('{pkid}', encodeURIComponent(key)));
    if ((await resolveTarget(page, PAGES.phoneEdit.save)).state === 'missing') {
      // The key went stale (phone deleted and re-added): look the phone up again, once.
      this.phoneKeys.delete(name);
      await this.findPhoneKey(name);
      return this.session.goto(PAGES.phoneEdit.path.replace('{pkid}', encodeURIComponent(this.phoneKeys.get(name) ?? '')));
    }
    return page;
  }

  private async findPhoneKey(name: string): Promise<void> {
    const page = await this.findInList(name);
    const table = await this.session.need(page, PAGES.phoneFind.results, PAGES.phoneFind.title);
    const link = table.getByRole('link', { name, exact: true });
    if ((await link.count()) !== 1) throw new CucmError(`CUCM has no phone ${name} (Find and List Phones, Device Name is exactly ${name})`);
    this.phoneKeys.set(name, new URL((await link.getAttribute('href')) ?? '', page.url()).searchParams.get('key') ?? '');
  }

  private async openProfile(name: string): Promise<Page> {
    let key = this.profileKeys.get(name);
    if (key === undefined) {
      const page = await this.session.goto(PAGES.profileList.path);
      const link = page.getByRole('link', { name, exact: true });
      if ((await link.count()) !== 1) throw new CucmError(`CUCM has no Common Phone Profile "${name}" (${PAGES.profileList.title})`);
      await this.session.clickAndLoad(page, link);
      await this.session.checkSession(page);
      key = new URL(page.url()).searchParams.get('key') ?? '';
      this.profileKeys.set(name, key);
      return page;
    }
    return this.session.goto(PAGES.profileEdit.path.replace('{pkid}', encodeURIComponent(key)));
  }

  private async openLevel(level: PfsLevel): Promise<{ page: Page; where: string; targets: { pfs: Target; override?: Target; save: Target } }> {
    if (level === 'enterprise') {
      const page = await this.session.goto(PAGES.enterprise.path);
      return { page, where: `the ${PAGES.enterprise.title} page`, targets: { pfs: PAGES.enterprise.pfs, save: PAGES.enterprise.save } };
    }
    if ('phone' in level) {
      const page = await this.openPhone(level.phone);
      const product = await resolveTarget(page, PAGES.phoneEdit.productType);
      const model = product.state === 'found' ? ` (${(await product.locator.innerText()).trim()})` : '';
      return {
        page,
        where: `the Phone Configuration page of ${level.phone}${model}`,
        targets: { pfs: PAGES.phoneEdit.pfs, override: PAGES.phoneEdit.pfsOverride, save: PAGES.phoneEdit.save },
      };
    }
    const page = await this.openProfile(level.commonPhoneProfile);
    return {
      page,
      where: `the ${PAGES.profileEdit.title} page of "${level.commonPhoneProfile}"`,
      targets: { pfs: PAGES.profileEdit.pfs, override: PAGES.profileEdit.pfsOverride, save: PAGES.profileEdit.save },
    };
  }

  /** Save, accept CUCM's "Are you sure" dialog, and expect "Update successful". */
  private async clickSave(page: Page, save: Target, where: string): Promise<void> {
    const button = await this.session.need(page, save, where);
    const onDialog = (d: { accept(): Promise<void> }): void => void d.accept();
    page.once('dialog', onDialog);
    try {
      await this.session.clickAndLoad(page, button);
    } finally {
      page.off('dialog', onDialog);
    }
    await this.session.checkSession(page);
    await this.expectStatus(page, PAGES.phoneEdit.status, TEXTS.saved, where);
  }

  private async expectStatus(page: Page, statusTarget: Target, expected: string, where: string): Promise<void> {
    const box = await this.session.need(page, statusTarget, where);
    const text = (await box.innerText()).trim();
    if (!text.includes(expected)) {
      const errors = (await page.locator(TEXTS.errorCss).allInnerTexts()).join('; ');
      // A plain Error: step() adds the screenshot and HTML.
      throw new Error(`${where}: CUCM did not confirm "${expected}"; status box says "${errors || text}"`);
    }
  }
}

async function selectedText(select: Locator): Promise<string> {
  return (await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '')).trim();
}
