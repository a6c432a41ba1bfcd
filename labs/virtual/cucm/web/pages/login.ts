// Login (Tomcat form authentication as ccmadmin uses it): /ccmadmin/showHome.do shows the
// form "logonForm" to a browser without a session; it posts j_username and j_password to
// /ccmadmin/j_security_check. Success starts a new session (a new JSESSIONID) and returns to
// the page that asked for the login. As public scripts see CUCM's: the Login button is a
// <button> with class cuesLoginButton and no id; appNav=ccmadmin is posted with the form.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CucmServices } from '../../services.ts';
import { html } from '../html.ts';
import { redirect, sendHtml } from '../http-util.ts';
import { popupPage } from '../layout.ts';
import { sessionCookie, type Session } from '../session.ts';

export function showLogin(res: ServerResponse, error?: string, headers: Record<string, string> = {}): void {
  const body = html`<p>Cisco Unified Communications Manager 10.5</p>
<form name="logonForm" id="logonForm" method="post" action="/ccmadmin/j_security_check">
<table class="form">
<tr><td><label for="j_username">Username</label></td><td><input type="text" id="j_username" name="j_username" autocomplete="username"></td></tr>
<tr><td><label for="j_password">Password</label></td><td><input type="password" id="j_password" name="j_password" autocomplete="current-password"></td></tr>
</table>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<input type="hidden" name="appNav" value="ccmadmin">
<button type="submit" class="cuesLoginButton" value="Login">Login</button> <button type="reset" class="cuesLoginButton" value="Reset">Reset</button>
</form>`;
  sendHtml(res, 200, popupPage('Cisco Unified CM Administration', body), headers);
}

export function handleLogin(
  _req: IncomingMessage,
  res: ServerResponse,
  form: URLSearchParams,
  previous: Session | undefined,
  services: CucmServices,
): void {
  const user = form.get('j_username') ?? '';
  if (!services.users.check(user, form.get('j_password') ?? '')) {
    services.log(`web: login failed for user "${user}"`);
    showLogin(res, 'Invalid User Name or Password.');
    return;
  }
  // A new id after login, so that a session id seen before the login is worth nothing.
  const returnTo = previous?.returnTo;
  if (previous) services.sessions.destroy(previous.id);
  const session = services.sessions.create();
  session.user = user;
  services.log(`web: user "${user}" logged in`);
  redirect(res, returnTo ?? '/ccmadmin/showHome.do', 302, { 'Set-Cookie': sessionCookie(session.id) });
}
