// CUCM through its administration pages in the system Chromium (Playwright): what an engineer
// does by hand, step by step. Every selector and text comes from selectors.ts; this file
// only knows the order of the steps.

import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { secretRegistry } from '../../../harness/lab/secret-registry.ts';
import type { BulkStatus, CucmBackend } from '../backend.ts';
import type { CucmConnection } from '../connection.ts';
import { CucmError, type EvidenceFiles } from '../errors.ts';
import { levelName } from '../levels.ts';
import { cucmDeviceType } from '../models.ts';
import { deviceDefaultLoad, OVERRIDE_HEADINGS, PAGES, PFS_FIELD_LABEL, phoneParamTargets, productSpecific, productSpecificText, TEXTS, type Target } from '../selectors.ts';
import type { BulkQuery, DeviceProtocol, PfsLevel, PfsSetting, PhoneAction, PhoneInfo, PhoneParam, PhoneParamSetting } from '../types.ts';
import { resolveTarget, rowsReading } from './locate.ts';
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
      const row = await this.phoneRow(page, name);
      const cells = (await row.locator('xpath=./td').allTextContents()).map((c) => c.trim());
      const col = (header: string): string | undefined => {
        const i = row.headers.indexOf(header);
        return i < 0 ? undefined : cells[i];
      };
      // No Device Type column on CUCM: the model is only the device icon's alt text.
      const model = ((await row.locator('xpath=./td//img[@alt]').first().getAttribute('alt')) ?? '').trim();
      const edit = await this.openPhone(name);
      const profileSelect = await this.session.need(edit, PAGES.phoneEdit.commonPhoneProfile, `the Phone Configuration page of ${name}`);
      const c = PAGES.phoneFind.columns;
      return {
        pkid: (this.phoneKeys.get(name) ?? '').replace(/[{}]/g, '').toLowerCase(),
        name,
        model,
        description: col(c.description) ?? '',
        status: col(c.status),
        ip: col(c.ip) || undefined,
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
        const table = await resolveTarget(page, PAGES.phoneFind.results);
        if (table.state !== 'found') break;
        const headers = await headerTexts(table.locator);
        const nameCol = headers.indexOf(PAGES.phoneFind.columns.name);
        if (nameCol < 0) throw new CucmError(`${PAGES.phoneFind.title}: no "${PAGES.phoneFind.columns.name}" column (columns: ${headers.join(', ')})`);
        const rows = table.locator.locator('xpath=./tbody/tr[td] | ./tr[td]');
        for (const text of await rows.locator(`xpath=./td[${nameCol + 1}]`).allTextContents()) names.push(text.trim());
        const next = page.getByRole('link', { name: TEXTS.nextPage, exact: true });
        if ((await next.count()) === 0) break;
        await this.session.clickAndLoad(page, next);
      }
      return names.filter((n) => n !== '').sort();
    });
  }

  getPfs(level: PfsLevel): Promise<PfsSetting> {
    return this.getProductField(level, PFS_FIELD_LABEL, 'select');
  }

  setPfs(level: PfsLevel, setting: PfsSetting): Promise<void> {
    return this.setProductField(level, PFS_FIELD_LABEL, 'select', setting);
  }

  /**
   * Any product-specific parameter of a level, found by its visible name (e.g. "Log Server"):
   * a select shows its option text, a text box its value; `override` is the level's override
   * box (Override Common / Enterprise Settings; the Enterprise page has one too).
   */
  getProductField(level: PfsLevel, label: string, kind: 'select' | 'text'): Promise<PfsSetting> {
    return this.session.step(`read ${label} of ${levelName(level)}`, async () => {
      const { page, where, targets } = await this.openLevel(level, label, kind);
      const field = await this.session.need(page, targets.field, where);
      const value = kind === 'select' ? await selectedText(field) : (await field.inputValue()).trim();
      return { value, override: await (await this.session.need(page, targets.override, where)).isChecked() };
    });
  }

  /**
   * Writes one product-specific parameter and Saves. An override left undefined is SET: on
   * every level CUCM shows an override box, and a value whose box is clear has no effect
   * (the Enterprise page's box too: pfs-reference §5). 'Default' leaves the value alone.
   */
  setProductField(level: PfsLevel, label: string, kind: 'select' | 'text', setting: PfsSetting): Promise<void> {
    return this.session.step(`set ${label} of ${levelName(level)}`, async () => {
      const { page, where, targets } = await this.openLevel(level, label, kind);
      const field = await this.session.need(page, targets.field, where);
      if (setting.value !== 'Default') {
        if (kind === 'select') await field.selectOption({ label: setting.value });
        else await field.fill(setting.value);
      }
      await (await this.session.need(page, targets.override, where)).setChecked(setting.override ?? true);
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
      const t = phoneParamTargets(param.label);
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
      const t = phoneParamTargets(param.label);
      const field = await this.session.need(page, t.field, where);
      if (await field.evaluate((el) => el.tagName === 'SELECT')) await field.selectOption({ label: setting.value });
      else await field.fill(setting.value);
      await (await this.session.need(page, t.override, where)).setChecked(setting.override);
      await this.clickSave(page, PAGES.phoneEdit.save, where);
    });
  }

  getDeviceDefaultLoad(model: string, protocol: DeviceProtocol): Promise<string> {
    const type = cucmDeviceType(model);
    return this.session.step(`read the Device Defaults load of ${type} (${protocol})`, async () => {
      const page = await this.session.goto(PAGES.deviceDefaults.path);
      const field = await this.session.need(page, deviceDefaultLoad(type, protocol), `the ${PAGES.deviceDefaults.title} page`);
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

  /**
   * BAT Update Phones as Cisco's guide describes it: Query -> Find -> Next; on the update page
   * the Peer Firmware Sharing row's update box, its value and override box; the action after
   * the update; a job description of our own; Run Immediately; Submit. The job is then found
   * on the Job Scheduler by that description, and its key (a uuid) is the job id.
   */
  startBulk(phones: string[], query: BulkQuery, value: 'Enabled' | 'Disabled', after: PhoneAction | 'none'): Promise<string> {
    return this.session.step('bulk Update Phones', async () => {
      const where = `the ${PAGES.batUpdate.title} page for ${JSON.stringify(query)}`;
      const page = await this.session.goto(PAGES.batQuery.path);
      await this.fillFindRow(page, PAGES.batQuery, query);
      await this.session.clickAndLoad(page, await this.session.need(page, PAGES.batQuery.next, PAGES.batQuery.title));
      await this.session.checkSession(page);
      const b = PAGES.batUpdate;
      await (await this.session.need(page, b.updateBox(PFS_FIELD_LABEL), where)).setChecked(true);
      await (await this.session.need(page, b.field(PFS_FIELD_LABEL), where)).selectOption({ label: value });
      await (await this.session.need(page, b.overrideBox(PFS_FIELD_LABEL), where)).setChecked(true);
      await (await this.session.need(page, b.after(TEXTS.afterUpdate[after]), where)).check();
      const description = `pfslab ${new Date().toISOString()} ${randomUUID().slice(0, 8)}`;
      await (await this.session.need(page, b.jobDescription, where)).fill(description);
      await (await this.session.need(page, b.runNow, where)).check();
      await this.session.clickAndLoad(page, await this.session.need(page, b.submit, where));
      await this.session.checkSession(page);
      const key = await this.findJob(description);
      if (key === undefined) throw new CucmError(`bulk job for ${phones.length} phones: submitted, but the Job Scheduler lists no job "${description}"`);
      return key;
    });
  }

  /** Done when the job's result row shows every record processed (as public scripts wait for it). */
  bulkStatus(jobKey: string): Promise<BulkStatus> {
    return this.session.step(`bulk job ${jobKey} status`, async () => {
      const j = PAGES.batJob;
      const where = `${j.title} ${jobKey}`;
      const page = await this.session.goto(j.path.replace('{key}', encodeURIComponent(jobKey)));
      const result = await resolveTarget(page, j.results);
      if (result.state !== 'found') {
        const st = await resolveTarget(page, j.status);
        const status = st.state === 'found' ? (await st.locator.innerText()).trim() : 'not started';
        return { done: false, status, total: 0, succeeded: 0, failed: 0 };
      }
      const cells = (await result.locator.locator('xpath=./td').allTextContents()).map((c) => c.trim());
      const num = (i: number, what: string): number => {
        const n = Number(cells[i]);
        if (!Number.isInteger(n)) throw new CucmError(`${where}: "${what}" reads "${cells[i] ?? ''}", not a number`);
        return n;
      };
      const processed = num(j.resultCells.processed, 'records processed');
      const failed = num(j.resultCells.failed, 'records failed');
      const total = num(j.resultCells.total, 'total records');
      return { done: total > 0 && processed >= total, status: cells[j.resultCells.status] ?? '', total, succeeded: processed - failed, failed };
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
    await this.phoneRow(await this.findInList(name), name);
  }

  /**
   * The result row of one phone in Find and List Phones: the row whose device name link reads
   * `name` exactly (rows link to gendeviceEdit.do?key=<pkid>); remembers the phone's key.
   */
  private async phoneRow(page: Page, name: string): Promise<Locator & { headers: string[] }> {
    const table = await this.session.need(page, PAGES.phoneFind.results, PAGES.phoneFind.title);
    const link = table.getByRole('link', { name, exact: true });
    if ((await link.count()) !== 1) throw new CucmError(`CUCM has no phone ${name} (Find and List Phones, Device Name is exactly ${name})`);
    const key = new URL((await link.getAttribute('href')) ?? '', page.url()).searchParams.get('key') ?? '';
    if (key === '') throw new CucmError(`${PAGES.phoneFind.title}: the link of ${name} carries no key`);
    this.phoneKeys.set(name, key);
    const row = table.locator('xpath=./tbody/tr[td] | ./tr[td]').filter({ has: page.getByRole('link', { name, exact: true }) });
    return Object.assign(row, { headers: await headerTexts(table) });
  }

  /** The Job Scheduler's row of the job with this description: its link's key. */
  private async findJob(description: string): Promise<string | undefined> {
    const l = PAGES.batJobList;
    const page = await this.session.goto(l.path);
    await (await this.session.need(page, l.text, l.title)).fill(description);
    await this.session.clickAndLoad(page, await this.session.need(page, l.find, l.title));
    await this.session.checkSession(page);
    const rows = rowsReading(page, description);
    if ((await rows.count()) !== 1) return undefined;
    const href = await rows.getByRole('link').first().getAttribute('href');
    return new URL(href ?? '', page.url()).searchParams.get('key') ?? undefined;
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

  private async openLevel(level: PfsLevel, label: string, kind: 'select' | 'text'): Promise<{ page: Page; where: string; targets: { field: Target; override: Target; save: Target } }> {
    const make = kind === 'select' ? productSpecific : productSpecificText;
    if (level === 'enterprise') {
      const page = await this.session.goto(PAGES.enterprise.path);
      const t = make(label, OVERRIDE_HEADINGS.enterprise);
      return { page, where: `the ${PAGES.enterprise.title} page`, targets: { field: t.field, override: t.override as Target, save: PAGES.enterprise.save } };
    }
    if ('phone' in level) {
      const page = await this.openPhone(level.phone);
      const product = await resolveTarget(page, PAGES.phoneEdit.productType);
      const model = product.state === 'found' ? ` (${(await product.locator.innerText()).trim()})` : '';
      const t = make(label, OVERRIDE_HEADINGS.phone);
      return { page, where: `the Phone Configuration page of ${level.phone}${model}`, targets: { field: t.field, override: t.override as Target, save: PAGES.phoneEdit.save } };
    }
    const page = await this.openProfile(level.commonPhoneProfile);
    const t = make(label, OVERRIDE_HEADINGS.profile);
    return {
      page,
      where: `the ${PAGES.profileEdit.title} page of "${level.commonPhoneProfile}"`,
      targets: { field: t.field, override: t.override as Target, save: PAGES.profileEdit.save },
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

/** The header texts of a CUCM list table: the th cells of its first row that has them (no thead). */
async function headerTexts(table: Locator): Promise<string[]> {
  return (await table.locator('xpath=(./tbody/tr[th] | ./tr[th])[1]/th').allTextContents()).map((h) => h.replace(/\s+/g, ' ').trim());
}

async function selectedText(select: Locator): Promise<string> {
  return (await select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? '')).trim();
}
