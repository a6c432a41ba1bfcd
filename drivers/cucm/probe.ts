// `pfslab cucm probe --lab LAB`: logs in to the lab's CUCM and reports, page by page, which
// selectors of selectors.ts resolve (found / missing / ambiguous) and whether AXL answers, so
// that a real cluster is onboarded by editing data in minutes. It changes nothing: it opens
// pages and popups and never submits them.

import type { Page } from 'playwright-core';
import { loadLab } from '../../harness/lab/load.ts';
import type { LoadedLab } from '../../harness/lab/load.ts';
import { redact } from '../../harness/lab/secrets.ts';
import { terminalSafe, untrustedField } from '../../harness/io/untrusted-text.ts';
import { AxlBackend } from './axl/axl-backend.ts';
import { connectionFromLab, type ConnectionOptions, type CucmConnection } from './connection.ts';
import { cucmDeviceType, sameModel } from './models.ts';
import { checkAxlSchema, formatAxlSchemaReport, type AxlSchemaReport } from './axl/schema/schema-check.ts';
import { pfsBuiltInDefault, type PfsBuiltInDefault } from './pfs-values.ts';
import { deviceDefaultLoad, PAGES, PFS_FIELD_LABEL, TEXTS, type Basis, type Target } from './selectors.ts';
import type { EvidenceSink } from './web/evidence.ts';
import { describeInRow, resolveTarget } from './web/locate.ts';
import { WebSession } from './web/web-session.ts';

export interface ProbeTarget {
  name: string;
  state: 'found' | 'missing' | 'ambiguous';
  /** What the target rests on: public evidence, or a guess this probe checks. */
  basis: Basis;
  /** The way that found it (found / ambiguous), or every way tried (missing). */
  how?: string;
}

export interface ProbePage {
  page: string;
  url: string;
  /** Whether the page's path is public or a guess. */
  pathBasis?: Basis;
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
  /** `--axl-schema`: every AXL request pfslab sends, against the cluster's schema. */
  axlSchema?: AxlSchemaReport;
  missing: number;
  ambiguous: number;
  /** Targets resting on guesses (selectors.ts basis 'guess'), and how many of them were found here. */
  guesses: { total: number; found: number };
  /**
   * The PFS built-in default the drivers use (the lab's or pfslab's assumption) and what the
   * Enterprise Phone Configuration shows: its Peer Firmware Sharing value and override box, or
   * that it has no such field (CSCsh20977); undefined when the page could not be read.
   */
  pfsDefault: { used: PfsBuiltInDefault; enterprise?: { value: string; override: boolean } | 'absent' };
  ok: boolean;
}

export interface ProbeOptions extends ConnectionOptions {
  /** Phones to open, one per model; default: the lab's first phone of each model. */
  phones?: { name: string; model: string }[];
  evidence?: EvidenceSink;
  executablePath?: string;
  /** A directory holding the cluster's AXLSoap.xsd (or the file): check AXL requests against it. */
  axlSchema?: string;
}

export async function probeCucm(lab: LoadedLab, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const conn = await connectionFromLab(lab, opts);
  const phones = opts.phones ?? lab.spec.phones.map((p) => ({ name: p.name, model: p.model }));
  return probeConnection(conn, { ...opts, phones });
}

export async function probeConnection(conn: CucmConnection, opts: ProbeOptions = {}): Promise<ProbeReport> {
  const perModel: { name: string; model: string }[] = [];
  for (const p of opts.phones ?? []) if (!perModel.some((q) => sameModel(q.model, p.model))) perModel.push(p);
  // A bad schema file is the user's input error: it stops the probe before anything is opened.
  const axlSchema = opts.axlSchema === undefined ? undefined : await checkAxlSchema(opts.axlSchema, conn.version);
  const session = new WebSession(conn, opts.evidence ?? { dir: 'reports/out/evidence/cucm-probe' }, opts.executablePath);
  const pages: ProbePage[] = [];
  const report: ProbeReport = {
    url: conn.url,
    user: conn.user,
    login: { ok: false },
    pages,
    axl: await probeAxl(conn),
    ...(axlSchema ? { axlSchema } : {}),
    missing: 0,
    ambiguous: 0,
    guesses: { total: 0, found: 0 },
    pfsDefault: { used: pfsBuiltInDefault(conn.pfsBuiltInDefault) },
    ok: false,
  };
  try {
    const page = await session.page();
    const login = PAGES.login;
    await page.goto(session.url(login.path), { waitUntil: 'domcontentloaded' });
    pages.push(await check(page, login, [login.form, login.username, login.password, login.submit]));
    await session.login();
    report.login = { ok: true };

    const e = PAGES.enterprise;
    const enterprise = await visit(session, pages, e, e.path, [e.pfs, e.pfsOverride, e.save, e.status]);
    if (enterprise) {
      const shown = await enterprisePfs(enterprise);
      if (shown) report.pfsDefault.enterprise = shown;
    }
    const f = PAGES.phoneFind;
    await visit(session, pages, f, f.path, [f.field, f.condition, f.text, f.find]);
    for (const phone of perModel) await probePhone(session, pages, phone);
    const defaults = perModel.map((p) => deviceDefaultLoad(cucmDeviceType(p.model), 'SCCP'));
    await visit(session, pages, PAGES.deviceDefaults, PAGES.deviceDefaults.path, defaults);
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
  const guesses = all.filter((t) => t.basis === 'guess');
  report.guesses = { total: guesses.length, found: guesses.filter((t) => t.state === 'found').length };
  report.ok =
    report.login.ok &&
    report.missing === 0 &&
    report.ambiguous === 0 &&
    pages.every((p) => !p.error) &&
    (conn.axlUrl === undefined || report.axl.reachable) &&
    (axlSchema === undefined || axlSchema.mismatches.length === 0);
  return report;
}

/** What the Enterprise page shows for PFS (read only); undefined when the field or its box is ambiguous. */
async function enterprisePfs(page: Page): Promise<{ value: string; override: boolean } | 'absent' | undefined> {
  const e = PAGES.enterprise;
  const field = await resolveTarget(page, e.pfs);
  if (field.state === 'missing') return 'absent';
  const box = await resolveTarget(page, e.pfsOverride);
  if (field.state !== 'found' || box.state !== 'found') return undefined;
  const value = (await field.locator.evaluate((el) => (el as HTMLSelectElement).selectedOptions?.[0]?.text ?? '')).trim();
  // Text from the page is evidence: escaped before it reaches the terminal.
  return { value: untrustedField(value), override: await box.locator.isChecked() };
}

/** The lines of the report about the PFS built-in default: which one is used, on what it rests, what CUCM shows. */
export function formatPfsDefault(d: ProbeReport['pfsDefault']): string[] {
  const used = d.used.from === 'lab'
    ? `  PFS built-in default: ${d.used.value} (the lab's cucm.pfsBuiltInDefault)`
    : `  PFS built-in default: ${d.used.value} (ASSUMED by pfslab: CUCM 10.5's is not public; state your CUCM's in cucm.pfsBuiltInDefault)`;
  const e = d.enterprise;
  let shown: string;
  if (e === undefined) shown = '    Enterprise Phone Configuration: Peer Firmware Sharing not read';
  else if (e === 'absent') shown = '    Enterprise Phone Configuration has no Peer Firmware Sharing (CSCsh20977): a phone that no level overrides gets the built-in default';
  else if (e.override) shown = `    Enterprise Phone Configuration shows Peer Firmware Sharing "${e.value}", Override Enterprise Settings set: a phone that no level overrides gets "${e.value}", not the built-in default`;
  else {
    shown = `    Enterprise Phone Configuration shows Peer Firmware Sharing "${e.value}", Override Enterprise Settings clear: a phone that no level overrides gets the built-in default`;
    if (d.used.from === 'assumed' && e.value !== d.used.value) shown += `; if "${e.value}" is this CUCM's default, say so in cucm.pfsBuiltInDefault`;
  }
  return [used, shown];
}

async function check(page: Page, info: { title: string; pathBasis?: Basis }, targets: readonly Target[], title = info.title): Promise<ProbePage> {
  const out: ProbeTarget[] = [];
  for (const t of targets) {
    const r = await resolveTarget(page, t);
    out.push(r.state === 'missing' ? { name: t.name, state: 'missing', basis: t.basis, how: `tried ${waysOf(t)}` } : { name: t.name, state: r.state, basis: t.basis, how: r.how });
  }
  return { page: title, url: page.url(), ...(info.pathBasis ? { pathBasis: info.pathBasis } : {}), targets: out };
}

/** Every way a target is looked for, for a MISSING line. */
function waysOf(t: Target): string {
  const ways: string[] = [];
  if (t.label !== undefined) ways.push(`label "${t.label}"`);
  if (t.role !== undefined) ways.push(`role ${t.role.role}${t.role.name ? ` "${t.role.name}"` : ''}`);
  if (t.text !== undefined) ways.push(`text "${t.text}"`);
  if (t.inRow !== undefined) ways.push(describeInRow(t.inRow));
  if (t.cellAfter !== undefined) ways.push(`the cell after "${t.cellAfter}"`);
  if (t.css !== undefined) ways.push(`css ${t.css}`);
  return ways.join(', ');
}

async function visit(session: WebSession, pages: ProbePage[], info: { title: string; pathBasis?: Basis }, path: string, targets: readonly Target[]): Promise<Page | undefined> {
  try {
    const page = await session.goto(path);
    pages.push(await check(page, info, targets));
    return page;
  } catch (err) {
    pages.push({ page: info.title, url: session.url(path), targets: [], error: message(err) });
    return undefined;
  }
}

async function probePhone(session: WebSession, pages: ProbePage[], phone: { name: string; model: string }): Promise<void> {
  const e = PAGES.phoneEdit;
  const title = `${e.title} (${phone.name}, ${phone.model})`;
  try {
    const page = await session.goto(PAGES.phoneFind.path);
    const f = PAGES.phoneFind;
    await (await session.need(page, f.field, f.title)).selectOption({ label: TEXTS.findByName });
    await (await session.need(page, f.condition, f.title)).selectOption({ label: TEXTS.conditionExact });
    await (await session.need(page, f.text, f.title)).fill(phone.name);
    await session.clickAndLoad(page, await session.need(page, f.find, f.title));
    const results = await check(page, f, [f.results], `${f.title} results (${phone.name})`);
    const table = await resolveTarget(page, f.results);
    const link = table.state === 'found' ? table.locator.getByRole('link', { name: phone.name, exact: true }) : undefined;
    const linked = link !== undefined && (await link.count()) === 1;
    results.targets.push({ name: `link to ${phone.name}`, basis: 'public', state: linked ? 'found' : 'missing', how: 'role link in the result table' });
    pages.push(results);
    if (!link || !linked) return;
    await session.clickAndLoad(page, link);
    pages.push(await check(page, e, [e.productType, e.description, e.commonPhoneProfile, e.loadName, e.pfs, e.pfsOverride, e.save, e.reset, e.applyConfig, e.status], title));
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
  pages.push(await check(popup, { title: name }, targets));
  await popup.close();
}

async function probeProfile(session: WebSession, pages: ProbePage[]): Promise<void> {
  const l = PAGES.profileList;
  const page = await visit(session, pages, l, l.path, [l.results]);
  if (!page) return;
  const table = await resolveTarget(page, l.results);
  const link = table.state === 'found' ? table.locator.getByRole('link').first() : undefined;
  if (!link || (await link.count()) === 0) {
    pages.push({ page: PAGES.profileEdit.title, url: page.url(), targets: [], error: 'no Common Phone Profile listed' });
    return;
  }
  await session.clickAndLoad(page, link);
  const p = PAGES.profileEdit;
  pages.push(await check(page, p, [p.pfs, p.pfsOverride, p.save, p.applyConfig, p.status]));
}

/** A job's page exists only once a job has run: checked when the Job Scheduler lists one. */
async function probeJob(session: WebSession, pages: ProbePage[]): Promise<void> {
  const l = PAGES.batJobList;
  const page = await visit(session, pages, l, l.path, [l.text, l.find]);
  if (!page) return;
  const find = await resolveTarget(page, l.find);
  if (find.state !== 'found') return;
  await session.clickAndLoad(page, find.locator);
  const table = await resolveTarget(page, l.results);
  // The newest job is the last row (public scripts read it so).
  const link = table.state === 'found' ? table.locator.getByRole('link').last() : undefined;
  if (!link || (await link.count()) === 0) {
    pages.push({ page: PAGES.batJob.title, url: page.url(), targets: [], note: 'not checked: no bulk job yet (run one bulk update, then probe again)' });
    return;
  }
  await session.clickAndLoad(page, link);
  const j = PAGES.batJob;
  pages.push(await check(page, j, [j.status, j.results]));
}

async function probeBulk(session: WebSession, pages: ProbePage[], phone: string | undefined): Promise<void> {
  const q = PAGES.batQuery;
  const page = await visit(session, pages, q, q.path, [q.field, q.condition, q.text, q.find]);
  if (!page || phone === undefined) return;
  try {
    await (await session.need(page, q.field, q.title)).selectOption({ label: TEXTS.findByName });
    await (await session.need(page, q.condition, q.title)).selectOption({ label: TEXTS.conditionExact });
    await (await session.need(page, q.text, q.title)).fill(phone);
    await session.clickAndLoad(page, await session.need(page, q.find, q.title));
  } catch (err) {
    pages.push({ page: `${q.title} results`, url: page.url(), targets: [], error: message(err) });
    return;
  }
  const next = await check(page, q, [q.next], `${q.title} results`);
  pages.push(next);
  if (next.targets[0]?.state !== 'found') return;
  await session.clickAndLoad(page, await session.need(page, q.next, q.title));
  const b = PAGES.batUpdate;
  const after = Object.values(TEXTS.afterUpdate).map((label) => b.after(label));
  pages.push(await check(page, b, [b.updateBox(PFS_FIELD_LABEL), b.field(PFS_FIELD_LABEL), b.overrideBox(PFS_FIELD_LABEL), ...after, b.jobDescription, b.runNow, b.submit], `${b.title} (${phone}; not submitted)`));
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

/** An error's first line, for one line of the report: a CUCM's fault text or a browser's message is evidence, escaped like any. */
function message(err: unknown): string {
  return untrustedField(redact(err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)));
}

const STATE_WORD = { found: 'found    ', missing: 'MISSING  ', ambiguous: 'AMBIGUOUS' } as const;

export function formatProbeReport(r: ProbeReport): string {
  const lines = [`CUCM ${r.url} as ${r.user}`, `  login: ${r.login.ok ? 'ok' : `FAILED: ${r.login.error ?? ''}`}`];
  for (const p of r.pages) {
    lines.push(`  ${p.page}${p.url ? `  <${p.url}>` : ''}${p.pathBasis === 'guess' ? '  (path: unverified guess)' : ''}`);
    if (p.error) lines.push(`    ERROR: ${p.error}`);
    if (p.note) lines.push(`    (${p.note})`);
    for (const t of p.targets) lines.push(`    ${STATE_WORD[t.state]} ${t.name}${t.basis === 'guess' ? ' [unverified guess]' : ''}${t.how ? `  (${t.how})` : ''}`);
  }
  lines.push(`  AXL ${r.axl.url ?? ''}: ${r.axl.reachable ? 'reachable' : 'NOT reachable'} (${r.axl.detail})`);
  if (r.axlSchema) lines.push(...formatAxlSchemaReport(r.axlSchema));
  lines.push(...formatPfsDefault(r.pfsDefault));
  const failed = r.pages.flatMap((p) => p.targets.filter((t) => t.state !== 'found').map((t) => `${t.name} on ${p.page}${p.url ? ` <${p.url}>` : ''}`));
  if (failed.length > 0) lines.push('  Locators that failed:', ...failed.map((f) => `    ${f}`));
  const mismatches = r.missing + r.ambiguous + (r.axlSchema?.mismatches.length ?? 0);
  lines.push(
    `  => ${r.ok ? 'OK' : 'PROBLEMS'}: ${mismatches} mismatches (${r.missing} missing, ${r.ambiguous} ambiguous${r.axlSchema ? `, ${r.axlSchema.mismatches.length} AXL schema` : ''}); ` +
      `${r.guesses.total} locators are unverified guesses (${r.guesses.found} found here)${r.ok ? '' : '; edit drivers/cucm/selectors.ts for this cluster'}`,
  );
  // Page errors, AXL details and locator descriptions can carry what CUCM sent: no control
  // character of theirs reaches the terminal (the report's own line breaks stay).
  return terminalSafe(redact(lines.join('\n')));
}

/** The `pfslab cucm probe --lab LAB [--axl-schema DIR]` command: exit code 0 when everything resolves. */
export async function cucmProbeCommand(labFile: string, opts: ProbeOptions = {}): Promise<{ exitCode: number; output: string }> {
  try {
    const report = await probeCucm(await loadLab(labFile), opts);
    return { exitCode: report.ok ? 0 : 1, output: formatProbeReport(report) };
  } catch (err) {
    return { exitCode: 2, output: `pfslab cucm probe: ${message(err)}` };
  }
}
