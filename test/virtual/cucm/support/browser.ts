// Debian's Chromium under Playwright, as the CUCM web driver will use it. A missing Chromium
// fails the test with the way to install it: these tests are never skipped.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm run setup\` to install Debian's Chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true });
}

/** Logs in through the login form and lands on the home page. */
export async function login(page: Page, baseUrl: string, user: string, password: string): Promise<void> {
  await page.goto(new URL('ccmadmin/showHome.do', baseUrl).toString());
  await page.locator('form[name="logonForm"] input[name="j_username"]').fill(user);
  await page.locator('form[name="logonForm"] input[name="j_password"]').fill(password);
  await page.locator('button.cuesLoginButton[value="Login"]').click();
  await page.locator('#logoutLink').waitFor();
}
