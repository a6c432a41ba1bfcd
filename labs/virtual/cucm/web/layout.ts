// The frame of every ccmadmin page: CUCM's header and navigation menus, the toolbar, the
// Status box ("Update successful"), then the page's sections. Popups (Apply Config, Reset)
// get a bare frame.

import { html, trusted, type SafeHtml } from './html.ts';

const STYLE = trusted(`
body { font-family: Arial, Helvetica, sans-serif; font-size: 12px; margin: 0; color: #000; }
#header { background: #2b5d8a; color: #fff; padding: 6px 10px; }
#header h1 { font-size: 16px; margin: 0; display: inline; }
#header .user { float: right; }
#header a { color: #fff; }
#menubar { background: #d7e3ef; border-bottom: 1px solid #8aa; margin: 0; padding: 0; list-style: none; }
#menubar > li { display: inline-block; position: relative; padding: 4px 10px; cursor: default; }
#menubar ul { display: none; position: absolute; left: 0; top: 100%; background: #fff; border: 1px solid #8aa; list-style: none; margin: 0; padding: 2px 0; min-width: 240px; z-index: 10; }
#menubar li:hover > ul, #menubar li:focus-within > ul { display: block; }
#menubar ul li { padding: 3px 10px; position: relative; }
#menubar ul ul { left: 100%; top: 0; }
#content { padding: 8px 12px; }
.toolbar { background: #eef3f8; border: 1px solid #bcd; padding: 4px; margin-bottom: 8px; }
.toolbar a { margin-right: 14px; }
fieldset { border: 1px solid #9ab; margin: 0 0 10px 0; }
legend { font-weight: bold; }
table.form td { padding: 2px 8px 2px 0; vertical-align: top; }
table.list { border-collapse: collapse; }
table.list th, table.list td { border: 1px solid #bcd; padding: 3px 6px; text-align: left; }
table.list th { background: #d7e3ef; }
.status p { margin: 2px 0; }
.error { color: #b00; font-weight: bold; }
`);

const SCRIPT = trusted(`
function pfslabSubmit(formId, action, question) {
  if (question && !window.confirm(question)) return false;
  var form = document.getElementById(formId);
  form.elements['actionName'].value = action;
  form.submit();
  return false;
}
function pfslabPopup(href, name) {
  window.open(href, name, 'width=560,height=360,resizable=yes,scrollbars=yes');
  return false;
}
`);

const MENU = html`<ul id="menubar" role="menubar">
<li role="menuitem" tabindex="0">System<ul>
  <li><a href="/ccmadmin/enterprisePhoneConfigEdit.do">Enterprise Phone Configuration</a></li>
</ul></li>
<li role="menuitem" tabindex="0">Device<ul>
  <li><a href="/ccmadmin/phoneFindList.do">Phone</a></li>
  <li tabindex="0">Device Settings<ul>
    <li><a href="/ccmadmin/commonPhoneProfileFindList.do">Common Phone Profile</a></li>
    <li><a href="/ccmadmin/deviceDefaultsEdit.do">Device Defaults</a></li>
  </ul></li>
</ul></li>
<li role="menuitem" tabindex="0">Bulk Administration<ul>
  <li tabindex="0">Phones<ul>
    <li><a href="/ccmadmin/bulkphoneupdateFindList.do">Update Phones - Query</a></li>
  </ul></li>
  <li><a href="/ccmadmin/bulkjobFindList.do">Job Scheduler</a></li>
</ul></li>
</ul>`;

export interface AdminPageParts {
  title: string;
  user: string;
  /** Lines for the Status box; "Ready" when there are none. */
  status?: readonly string[];
  errors?: readonly string[];
  toolbar?: SafeHtml;
  body: SafeHtml;
}

export function adminPage(p: AdminPageParts): SafeHtml {
  const status = p.status && p.status.length > 0 ? p.status : p.errors && p.errors.length > 0 ? [] : ['Ready'];
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>${p.title}</title><style>${STYLE}</style><script>${SCRIPT}</script></head>
<body>
<div id="header"><h1>Cisco Unified CM Administration</h1>
<span class="user">Navigation: Cisco Unified CM Administration | ${p.user} | <a id="logoutLink" href="/ccmadmin/logout.do">Logout</a></span></div>
${MENU}
<div id="content">
<h2>${p.title}</h2>
${p.toolbar ? html`<div class="toolbar" role="toolbar">${p.toolbar}</div>` : ''}
<fieldset class="status"><legend>Status</legend><div id="statusMessages" role="status">
${status.map((s) => html`<p>${s}</p>`)}${(p.errors ?? []).map((e) => html`<p class="error">${e}</p>`)}
</div></fieldset>
${p.body}
</div>
</body></html>`;
}

export function popupPage(title: string, body: SafeHtml): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>${title}</title><style>${STYLE}</style></head>
<body><div id="content"><h2>${title}</h2>${body}</div></body></html>`;
}

/** A toolbar link as CUCM draws them: an id like 2tbllink, a title, visible text. */
export function toolbarLink(id: string, label: string, href: string, onclick: string): SafeHtml {
  return html`<a id="${id}" href="${href}" title="${label}" onclick="${onclick}">${label}</a>`;
}
