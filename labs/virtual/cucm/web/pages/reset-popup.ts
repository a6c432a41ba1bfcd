// The Reset popup ("Device Reset"): Reset (the phone power-cycles), Restart (it re-registers
// and re-reads its files) or Close. Either action rebuilds the configuration file first.

import type { PageRequest, PageRoute } from '../context.ts';
import { addFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { popupPage } from '../layout.ts';
import { popupDonePage } from './popup-done.ts';
import type { TargetResolver } from './popup-targets.ts';

const TITLE = 'Device Reset';

function notFound(r: PageRequest): void {
  sendHtml(r.res, 404, popupPage(TITLE, html`<p class="error">The device was not found.</p>`));
}

export function resetPopup(resolve: TargetResolver): PageRoute {
  return {
    get: (r) => {
      const target = resolve(r);
      if (!target) return notFound(r);
      sendHtml(
        r.res,
        200,
        popupPage(
          TITLE,
          html`<form id="resetForm" method="post" action="${target.selfUrl}">
<p id="subject">${target.subject}</p>
<p>Reset shuts the device down and brings it back up. Restart restarts the device without shutting it down.</p>
<input type="submit" id="resetButton" name="resetAction" value="Reset"> <input type="submit" id="restartButton" name="resetAction" value="Restart"> <input type="button" id="closeButton" value="Close" onclick="window.close()">
</form>`,
        ),
      );
    },
    post: (r) => {
      const target = resolve(r);
      if (!target) return notFound(r);
      const action = r.params.get('resetAction') === 'Restart' ? 'restart' : 'reset';
      const count = r.services.provisioning.deliver(target.phones, action);
      r.services.log(`web: ${r.session.user ?? ''} sent ${action} to ${count} device(s)`);
      const line = action === 'reset' ? 'Reset request sent' : 'Restart request sent';
      addFlash(r.session, count === 1 ? line : `${line} to ${count} devices`, target.returnUrl);
      sendHtml(r.res, 200, popupDonePage(TITLE, line, target.returnUrl));
    },
  };
}
