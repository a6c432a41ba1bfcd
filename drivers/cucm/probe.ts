// `pfslab cucm probe --lab LAB`: logs in to the lab's CUCM and reports, page by page, which
// selectors of selectors.ts resolve (found / missing / ambiguous) and whether AXL answers, so
// that a real cluster is onboarded by editing data in minutes. It changes nothing: it opens
// pages and popups and never submits them.

import type { Locator, Page } from 'playwright-core';
import { loadLab } from '../../harness/lab/load.ts';
import type { LoadedLab } from '../../harness/lab/load.ts';
import { redact } from '../../harness/lab/secrets.ts';
import { AxlBackend } from './axl/axl-backend.ts';
import { connectionFromLab, type ConnectionOptions, type CucmConnection } from './connection.ts';
import { cucmDeviceType, sameModel } from './models.ts';
import { deviceDefaultLoad, PAGES, TEXTS, type Target } from './selectors.ts';
import type { EvidenceSink } from './web/evidence.ts';
import { resolveTarget } from './web/locate.ts';
import { WebSession } from './web/web-session.ts';

export interface ProbeTarget {
  name: string;
  state: 'found' | 'missing' | 'ambiguous';
  how?: string;
}

export interface ProbePage {
  page: string;
  url: string;
  targets: ProbeTarget[];
  /** Why the page could not be checked at all. */
  error?: string;
  /** Why it was not checked, when that is not a problem. */
  note?: string;
}

export interface ProbeReport {
  url: string;
  user: string;
  login: { ok: boolean; error?: string };
  pages: ProbePage[];
  axl: { url: string | undefined; reachable: boolean; detail: string };
  missing: number;
  ambiguous: number;
  ok: boolean;
}

export interface ProbeOptions extends ConnectionOptions {
  /** Phones to open, one per model; default: the lab's first phone of each model. */
  phones?: { name: string; model: string }[];
  evidence?: EvidenceSink;
  executablePath?: string;
}

export async function probeCucm(lab: LoadedLab, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const conn = await connectionFromLab(lab, opts);
  const phones = opts.phones ?? lab.spec.phones.map((p) => ({ name: p.name, model: p.model }));
  return probeConnection(conn, { ...opts, phones });
}

export async function probeConnection(conn: CucmConnection, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const perModel: { name: string; model: string }[] = [];
  for (const p of opts.phones ?? []) if (!perModel.some((q) => sameModel(q.model, p.model))) perModel.push(p);
  const session = new WebSession(conn, opts.evidence ?? { dir: 'reports/out/evidence/cucm-probe' }, opts.executablePath);
  const pages: ProbePage[] = [];
  const report: ProbeReport = { url: conn.url, user: conn.user, login: { ok: false }, pages, axl: await probeAxl(conn), missing: 0, ambiguous: 0, ok: false };
  try {
    const page = await session.page();
    await page.goto(session.url(PAGES.login.path), { waitUntil: 'domcontentloaded' });
    pages.push(await check(page, PAGES.login.title, [PAGES.login.username, PAGES.login.password, PAGES.login.submit]));
    await session.login();
    report.login = { ok: true };

    await visit(session, pages, PAGES.enterprise.title, PAGES.enterprise.path, [PAGES.enterprise.pfs, PAGES.enterprise.save, PAGES.enterprise.status]);
    const find = [PAGES.phoneFind.field, PAGES.phoneFind.condition, PAGES.phoneFind.text, PAGES.phoneFind.find];
    await visit(session, pages, PAGES.phoneFind.title, PAGES.phoneFind.path, find);
    for (const phone of perModel) await probePhone(session, pages, phone);
    const defaults = perModel.map((p) => deviceDefaultLoad(cucmDeviceType(p.model)));
    await visit(session, pages, PAGES.deviceDefaults.title, PAGES.deviceDefaults.path, defaults);
    await probeProfile(session, pages);
    await probeBulk(session, pages, perModel[0]?.name);
    await probeJob(session, pages);
  } catch (err) {
    report.login = report.login.ok ? report.login : { ok: false, error: message(err) };
    if (report.login.ok) pages.push({ page: '(probe stopped)', url: '', targets: [], error: message(err) });
  } finally {
    await session.close();
  }
  const all = pages.flatMap((p) => p.targets);
  report.missing = all.filter((t) => t.state === 'missing').length;
  report.ambiguous = all.filter((t) => t.state === 'ambiguous').length;
  report.ok = report.login.ok && report.missing === 0 && report.ambiguous === 0 && pages.every((p) => !p.error) && (conn.axlUrl === undefined || report.axl.reachable);
  return report;
}

async function check(page: Page, name: string, targets: readonly Target[]): Promise<ProbePage> {
  const out: ProbeTarget[] = [];
  for (const t of targets) {
    const r = await resolveTarget(page, t);
    out.push(r.state === 'missing' ? { name: t.name, state: 'missing' } : { name: t.name, state: r.state, how: r.how });
  }
  return { page: name, url: page.url(), targets: out };
}

async function visit(session: WebSession, pages: ProbePage[], name: string, path: string, targets: readonly Target[]): Promise<Page | undefined> {
  try {
    const page = await session.goto(path);
    pages.push(await check(page, name, targets));
    return page;
  } catch (err) {
    pages.push({ page: name, url: session.url(path), targets: [], error: message(err) });
    return undefined;
  }
}

async function probePhone(session: WebSession, pages: ProbePage[], phone: { name: string; model: string }): Promise<void> {
  const title = `${PAGES.phoneEdit.title} (${phone.name}, ${phone.model})`;
  try {
    const page = await session.goto(PAGES.phoneFind.path);
    const f = PAGES.phoneFind;
    await (await session.need(page, f.field, f.title)).selectOption({ label: TEXTS.findByName });
    await (await session.need(page, f.condition, f.title)).selectOption({ label: TEXTS.conditionExact });
    await (await session.need(page, f.text, f.title)).fill(phone.name);
    await session.clickAndLoad(page, await session.need(page, f.find, f.title));
    const results = await check(page, `${f.title} results`, [f.results]);
    const link = page.getByRole('link', { name: phone.name, exact: true });
    results.targets.push({ name: `link to ${phone.name}`, state: (await link.count()) === 1 ? 'found' : 'missing', how: 'role link' });
    pages.push(results);
    if ((await link.count()) !== 1) return;
    await session.clickAndLoad(page, link);
    const e = PAGES.phoneEdit;
    pages.push(await check(page, title, [e.productType, e.description, e.commonPhoneProfile, e.loadName, e.pfs, e.pfsOverride, e.save, e.reset, e.applyConfig, e.status]));
    await probePopup(page, e.applyConfig, PAGES.applyConfigPopup.title, [PAGES.applyConfigPopup.ok], pages);
    await probePopup(page, e.reset, PAGES.resetPopup.title, [PAGES.resetPopup.reset, PAGES.resetPopup.restart], pages);
  } catch (err) {
    pages.push({ page: title, url: '', targets: [], error: message(err) });
  }
}

/** Opens a popup, checks its buttons, closes it without pressing them. */
async function probePopup(page: Page, opener: Target, name: string, targets: readonly Target[], pages: ProbePage[]): Promise<void> {
  const r = await resolveTarget(page, opener);
  if (r.state !== 'found') return;
  const [popup] = await Promise.all([page.waitForEvent('popup'), r.locator.click()]);
  await popup.waitForLoadState('domcontentloaded');
  pages.push(await check(popup, name, targets));
  await popup.close();
}

async function probeProfile(session: WebSession, pages: ProbePage[]): Promise<void> {
  const page = await visit(session, pages, PAGES.profileList.title, PAGES.profileList.path, []);
  if (!page) return;
  const found = await resolveFirst(page, PAGES.profileList.firstProfileLink);
  if (!found) {
    pages.push({ page: PAGES.profileEdit.title, url: page.url(), targets: [], error: 'no Common Phone Profile listed' });
    return;
  }
  await session.clickAndLoad(page, found);
  const p = PAGES.profileEdit;
  pages.push(await check(page, p.title, [p.pfs, p.pfsOverride, p.save, p.applyConfig, p.status]));
}

/** The first element a list target matches (lists have many; the probe needs one). */
async function resolveFirst(page: Page, t: Target): Promise<Locator | undefined> {
  const r = await resolveTarget(page, t);
  if (r.state === 'found') return r.locator;
  if (r.state === 'ambiguous' && t.css !== undefined) return page.locator(t.css).first();
  return undefined;
}

/** A job's page exists only once a job has run: checked when the Job Scheduler lists one. */
async function probeJob(session: WebSession, pages: ProbePage[]): Promise<void> {
  const page = await visit(session, pages, PAGES.batJobList.title, PAGES.batJobList.path, []);
  if (!page) return;
  const link = await resolveFirst(page, PAGES.batJobList.firstJobLink);
  if (!link) {
    pages.push({ page: PAGES.batJob.title, url: page.url(), targets: [], note: 'not checked: no bulk job yet (run one bulk update, then probe again)' });
    return;
  }
  await session.clickAndLoad(page, link);
  const j = PAGES.batJob;
  pages.push(await check(page, j.title, [j.jobId, j.status, j.total, j.succeeded, j.failed]));
}

async function probeBulk(session: WebSession, pages: ProbePage[], phone: string | undefined): Promise<void> {
  const q = PAGES.batQuery;
  const page = await visit(session, pages, q.title, q.path, [q.field, q.condition, q.text, q.find]);
  if (!page || phone === undefined) return;
  await (await session.need(page, q.field, q.title)).selectOption({ label: TEXTS.findByName });
  await (await session.need(page, q.condition, q.title)).selectOption({ label: TEXTS.conditionExact });
  await (await session.need(page, q.text, q.title)).fill(phone);
  await session.clickAndLoad(page, await session.need(page, q.find, q.title));
  const next = await check(page, `${q.title} results`, [q.next]);
  pages.push(next);
  if (next.targets[0]?.state !== 'found') return;
  await session.clickAndLoad(page, await session.need(page, q.next, q.title));
  const b = PAGES.batUpdate;
  pages.push(await check(page, `${b.title} (${phone})`, [b.pfs, b.pfsOverride, b.after, b.submit]));
}

async function probeAxl(conn: CucmConnection): Promise<ProbeReport['axl']> {
  if (!conn.axlUrl) return { url: undefined, reachable: false, detail: 'disabled in the lab (cucm.axl.enabled: false)' };
  const axl = new AxlBackend(conn, 1);
  try {
    await axl.login();
    return { url: conn.axlUrl, reachable: true, detail: 'getEnterprisePhoneConfig answered' };
  } catch (err) {
    return { url: conn.axlUrl, reachable: false, detail: message(err) };
  } finally {
    await axl.close();
  }
}

function message(err: unknown): string {
  return redact(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err));
}

export function formatProbeReport(r: ProbeReport): string {
  const lines = [`CUCM ${r.url} as ${r.user}`, `  login: ${r.login.ok ? 'ok' : `FAILED: ${r.login.error ?? ''}`}`];
  for (const p of r.pages) {
    lines.push(`  ${p.page}${p.url ? `  <${p.url}>` : ''}`);
    if (p.error) lines.push(`    ERROR: ${p.error}`);
    if (p.note) lines.push(`    (${p.note})`);
    for (const t of p.targets) lines.push(`    ${t.state === 'found' ? 'found    ' : t.state === 'missing' ? 'MISSING  ' : 'AMBIGUOUS'} ${t.name}${t.how ? `  (${t.how})` : ''}`);
  }
  lines.push(`  AXL ${r.axl.url ?? ''}: ${r.axl.reachable ? 'reachable' : 'NOT reachable'} (${r.axl.detail})`);
  lines.push(`  => ${r.ok ? 'OK' : 'PROBLEMS'}: ${r.missing} missing, ${r.ambiguous} ambiguous; edit drivers/cucm/selectors.ts for this cluster`);
  return redact(lines.join('\n'));
}

/** The `pfslab cucm probe --lab LAB` command: exit code 0 when everything resolves. */
export async function cucmProbeCommand(labFile: string, opts: ProbeOptions = {}): Promise<{ exitCode: number; output: string }> {
  try {
    const report = await probeCucm(await loadLab(labFile), opts);
    return { exitCode: report.ok ? 0 : 1, output: formatProbeReport(report) };
  } catch (err) {
    return { exitCode: 2, output: `pfslab cucm probe: ${message(err)}` };
  }
}
