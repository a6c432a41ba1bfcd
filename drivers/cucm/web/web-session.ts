// One logged-in browser tab on CUCM administration: navigation that logs in again when the
// session has expired (CUCM sends an expired session to the login page), and a wrapper that
// turns any failure of a step into an error with screenshot + HTML evidence.

import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CucmConnection } from '../connection.ts';
import { CucmAuthError, CucmError, CucmFieldMissingError, CucmUnreachableError, CucmWebError } from '../errors.ts';
import { PAGES, type Target } from '../selectors.ts';
import { launchCucmBrowser } from './browser.ts';
import { saveEvidence, type EvidenceSink } from './evidence.ts';
import { resolveTarget } from './locate.ts';

/** Thrown inside a step when the page turned out to be the login page: log in, run the step again. */
class SessionLost extends Error {}

/**
 * Thrown inside a step when the browser shows its own error page instead of CUCM's: Chromium
 * aborts loads with ERR_NETWORK_CHANGED whenever a network interface of the machine comes or
 * goes (another lab's namespaces and veths, a VPN), a transient that says nothing about CUCM.
 * The step (which only sets values) is run again once.
 */
class PageInterrupted extends Error {}

const BROWSER_ERROR_PAGE = 'chrome-error://';
const TRANSIENT_NET_ERROR = /ERR_NETWORK_CHANGED|ERR_NETWORK_IO_SUSPENDED/;

export class WebSession {
  private browser: Browser | undefined;
  private context: BrowserContext | undefined;
  private current: Page | undefined;

  constructor(
    readonly conn: CucmConnection,
    private readonly evidence: EvidenceSink,
    private readonly executablePath: string | undefined,
  ) {}

  async page(): Promise<Page> {
    if (this.current && !this.current.isClosed()) return this.current;
    if (!this.context) {
      const launched = await launchCucmBrowser(this.conn, this.executablePath);
      this.browser = launched.browser;
      this.context = launched.context;
    }
    this.current = await this.context.newPage();
    this.current.setDefaultTimeout(this.conn.timeoutMs);
    this.current.setDefaultNavigationTimeout(this.conn.timeoutMs);
    return this.current;
  }

  url(pathAndQuery: string): string {
    return new URL(pathAndQuery, this.conn.url).toString();
  }

  /**
   * Runs one driver step. A step that meets the login page (session expired) is run again
   * once after logging in; any other failure leaves evidence and becomes a CucmWebError.
   */
  async step<T>(name: string, fn: (page: Page) => Promise<T>): Promise<T> {
    const page = await this.page();
    try {
      try {
        return await fn(page);
      } catch (err) {
        if (err instanceof PageInterrupted) return await fn(page);
        if (!(err instanceof SessionLost)) throw err;
        await this.login();
        return await fn(page);
      }
    } catch (err) {
      if (err instanceof CucmFieldMissingError || err instanceof CucmWebError || err instanceof CucmAuthError || err instanceof CucmUnreachableError) throw err;
      const files = await saveEvidence(page, name, this.evidence);
      const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new CucmWebError(`CUCM web: ${name} failed on ${page.url()}: ${msg}`, files, { cause: err });
    }
  }

  /** Opens a page; when CUCM answers with the login form, logs in (it returns to the page). */
  async goto(pathAndQuery: string): Promise<Page> {
    const page = await this.page();
    const url = this.url(pathAndQuery);
    await this.load(page, url);
    if (await this.onLoginPage(page)) {
      await this.submitLogin(page);
      if (!page.url().startsWith(url.split('?')[0] ?? url)) await page.goto(url, { waitUntil: 'domcontentloaded' });
    }
    return page;
  }

  async login(): Promise<void> {
    const page = await this.page();
    await this.load(page, this.url(PAGES.login.path));
    if (await this.onLoginPage(page)) await this.submitLogin(page);
  }

  /** page.goto, once more after a transient network change (see PageInterrupted). */
  private async load(page: Page, url: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        return;
      } catch (err) {
        const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
        if (attempt === 1 && TRANSIENT_NET_ERROR.test(msg ?? '')) continue;
        throw new CucmUnreachableError(`CUCM web at ${url} did not answer: ${msg}`, { cause: err });
      }
    }
  }

  async onLoginPage(page: Page): Promise<boolean> {
    return (await page.locator(PAGES.login.form.css ?? 'form[name="logonForm"]').count()) > 0;
  }

  /** Inside a step: throws SessionLost if an action landed on the login page. */
  async checkSession(page: Page): Promise<void> {
    if (await this.onLoginPage(page)) throw new SessionLost('the CUCM session ended');
  }

  private async submitLogin(page: Page): Promise<void> {
    const p = PAGES.login;
    await (await this.need(page, p.username, 'the login page')).fill(this.conn.user);
    await (await this.need(page, p.password, 'the login page')).fill(this.conn.password);
    await this.clickAndLoad(page, await this.need(page, p.submit, 'the login page'));
    if (await this.onLoginPage(page)) {
      const files = await saveEvidence(page, 'login', this.evidence);
      throw new CucmAuthError(`CUCM web at ${this.conn.url} refused user "${this.conn.user}": check the password reference in the lab${files ? ` (evidence: ${files.screenshot})` : ''}`);
    }
  }

  /** A target that must be there; missing -> CucmFieldMissingError with evidence. */
  async need(page: Page, target: Target, where: string): Promise<Locator> {
    const r = await resolveTarget(page, target);
    if (r.state === 'found') return r.locator;
    if (page.url().startsWith(BROWSER_ERROR_PAGE)) throw new PageInterrupted(`the browser showed its own error page instead of ${where}`);
    const files = await saveEvidence(page, `missing ${target.name}`, this.evidence);
    if (r.state === 'ambiguous') throw new CucmWebError(`the "${target.name}" matches ${r.count} elements (${r.how}) on ${where}; make it unique in drivers/cucm/selectors.ts`, files);
    throw new CucmFieldMissingError(target.name.replace(/ field$/, ''), where, files);
  }

  /** Clicks something that loads a new document in `page` and waits for it. */
  async clickAndLoad(page: Page, locator: Locator): Promise<void> {
    await this.expectNewDocument(page, () => locator.click());
  }

  /** Runs `action`, then waits until `page` shows a new document (navigation, or a popup
   * telling its opener to reload). */
  async expectNewDocument(page: Page, action: () => Promise<void>): Promise<void> {
    await page.evaluate(() => {
      (window as unknown as Record<string, unknown>)['__pfslabOld'] = true;
    });
    await action();
    await page.waitForFunction(() => !('__pfslabOld' in window) && document.readyState !== 'loading');
  }

  async close(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
    this.context = undefined;
    this.current = undefined;
  }
}

export { CucmError };
