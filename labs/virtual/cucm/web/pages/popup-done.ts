// The page a popup shows after its action: it sends the window that opened it back to its
// page (which then shows the status line) and closes itself. The return address travels in a
// data attribute, never inside the script.

import { html, trusted, type SafeHtml } from '../html.ts';
import { popupPage } from '../layout.ts';

const CLOSE_SCRIPT = trusted(`var url = document.getElementById('done').getAttribute('data-return-url');
if (window.opener && !window.opener.closed) { window.opener.location.href = url; }
window.close();`);

export function popupDonePage(title: string, message: string, returnUrl: string): SafeHtml {
  return popupPage(
    title,
    html`<p id="done" data-return-url="${returnUrl}" role="status">${message}</p>
<p><input type="button" value="Close" onclick="window.close()"></p>
<script>${CLOSE_SCRIPT}</script>`,
  );
}
