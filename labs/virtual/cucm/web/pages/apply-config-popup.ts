// The Apply Config popup: "Apply Configuration Information", naming what it applies to, with
// OK and Cancel. OK sends the saved configuration to the device(s) (the file is rebuilt and
// each phone is told to apply it), then the popup closes and the page that opened it shows
// the status.

import type { PageRequest, PageRoute } from '../context.ts';
import { addFlash } from '../flash.ts';
import { html } from '../html.ts';
import { sendHtml } from '../http-util.ts';
import { popupPage } from '../layout.ts';
import { popupDonePage } from './popup-done.ts';
import type { TargetResolver } from './popup-targets.ts';

const TITLE = 'Apply Configuration Information';

function notFound(r: PageRequest): void {
  sendHtml(r.res, 404, popupPage(TITLE, html`<p class="error">The device was not found.</p>`));
}

export function applyConfigPopup(resolve: TargetResolver): PageRoute {
  return {
    get: (r) => {
      const target = resolve(r);
      if (!target) return notFound(r);
      sendHtml(
        r.res,
        200,
        popupPage(
          TITLE,
          html`<form id="applyConfigForm" method="post" action="${target.selfUrl}">
<p id="subject">${target.subject}</p>
<p>The Apply Config action sends the saved configuration to the device. If a change needs it, the device restarts.</p>
<input type="submit" name="OK" value="OK"> <input type="button" id="cancelButton" value="Cancel" onclick="window.close()">
</form>`,
        ),
      );
    },
    post: (r) => {
      const target = resolve(r);
      if (!target) return notFound(r);
      const count = r.services.provisioning.deliver(target.phones, 'apply');
      r.services.log(`web: ${r.session.user ?? ''} applied config to ${count} device(s)`);
      addFlash(r.session, count === 1 ? 'Apply Config successful' : `Apply Config successful for ${count} devices`, target.returnUrl);
      sendHtml(r.res, 200, popupDonePage(TITLE, 'Apply Config successful', target.returnUrl));
    },
  };
}
