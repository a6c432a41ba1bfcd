// A CUCM web step whose page load the browser aborted on its own (Chromium's
// ERR_NETWORK_CHANGED when an interface of the machine comes or goes, e.g. another lab's
// namespaces) shows Chromium's error page, not CUCM's: the step is run again once instead of
// reporting a field as missing; a second error page is a failure with evidence.
import assert from 'node:assert/strict';
import { CucmWebError } from '../../../drivers/cucm/index.ts';
import { PAGES } from '../../../drivers/cucm/selectors.ts';
import { WebSession } from '../../../drivers/cucm/web/web-session.ts';
import { requireChromium } from './support/chromium.ts';
import { startVirtualCucm, tempDir, type TempJournal, type VirtualCucm } from './support/virtual-cucm.ts';

describe('CUCM web step after a browser-aborted page load', function () {
  let v: VirtualCucm;
  let tmp: TempJournal;
  let session: WebSession;

  before(async () => {
    requireChromium();
    v = await startVirtualCucm({});
    tmp = await tempDir('cucm-web-interrupted');
    session = new WebSession(v.conn(), { dir: `${tmp.dir}/evidence` }, undefined);
    await session.login();
  });
  after(async () => {
    await session?.close();
    await v?.close();
    await tmp?.remove();
  });

  /**
   * Leaves the tab on Chromium's own error page, as a load aborted after a click does (a form
   * posted by Save that the browser gives up on): a navigation started by the page itself to
   * a port where nothing listens.
   */
  async function abortedLoad(): Promise<void> {
    const page = await session.page();
    await page.evaluate(() => {
      window.location.href = 'http://127.0.0.1:9/';
    });
    // waitForURL reports the failed navigation itself; what matters is where the tab ends up.
    await page.waitForURL(/^chrome-error:/).catch(() => undefined);
    for (let i = 0; i < 50 && !page.url().startsWith('chrome-error:'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(page.url(), /^chrome-error:/);
  }

  it('runs the step again once and succeeds', async () => {
    let attempts = 0;
    const found = await session.step('find the phone list search box', async (page) => {
      attempts++;
      if (attempts === 1) await abortedLoad();
      else await session.goto(PAGES.phoneFind.path);
      return (await session.need(page, PAGES.phoneFind.text, 'Find and List Phones')).count();
    });
    assert.equal(attempts, 2);
    assert.equal(found, 1);
  });

  it('fails with evidence when the error page comes back', async () => {
    let attempts = 0;
    await assert.rejects(
      session.step('find the phone list search box', async (page) => {
        attempts++;
        await abortedLoad();
        return session.need(page, PAGES.phoneFind.text, 'Find and List Phones');
      }),
      (e: unknown) => e instanceof CucmWebError && /browser showed its own error page/.test(e.message),
    );
    assert.equal(attempts, 2);
  });
});
