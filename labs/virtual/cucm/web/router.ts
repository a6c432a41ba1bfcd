// /ccmadmin: which page answers which path, and the login gate in front of them. A request
// without a live session is sent to the login page (302 to showHome.do), remembering a GET's
// address to return to after the login, as Tomcat's form authentication does.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CucmServices } from '../services.ts';
import type { PageRoute } from './context.ts';
import { html } from './html.ts';
import { pageAlterations, readBody, redirect, sendHtml } from './http-util.ts';
import { adminPage } from './layout.ts';
import { applyConfigPopup } from './pages/apply-config-popup.ts';
import { showBatJobDetail } from './pages/bat-job-detail.ts';
import { showBatJobList } from './pages/bat-job-list.ts';
import { BAT_QUERY_PATH, BAT_UPDATE_PATH, showBatPhoneUpdateQuery } from './pages/bat-update-phones-query.ts';
import { showBatPhoneUpdate, showBatSubmitted, submitBatPhoneUpdate } from './pages/bat-update-phones.ts';
import { saveCommonPhoneProfileEdit, showCommonPhoneProfileEdit } from './pages/common-phone-profile-edit.ts';
import { showCommonPhoneProfileList } from './pages/common-phone-profile-list.ts';
import { saveDeviceDefaults, showDeviceDefaults } from './pages/device-defaults.ts';
import { saveEnterprisePhoneConfig, showEnterprisePhoneConfig } from './pages/enterprise-phone-config.ts';
import { showHome } from './pages/home.ts';
import { handleLogin, showLogin } from './pages/login.ts';
import { savePhoneEdit, showPhoneEdit } from './pages/phone-edit.ts';
import { showPhoneFindList } from './pages/phone-find-list.ts';
import { enterpriseTarget, phoneTarget, profileTarget } from './pages/popup-targets.ts';
import { resetPopup } from './pages/reset-popup.ts';
import { cookieValue, SESSION_COOKIE, sessionCookie } from './session.ts';

const ROUTES: Record<string, PageRoute> = {
  '/ccmadmin/showHome.do': { get: showHome },
  '/ccmadmin/phoneFindList.do': { get: showPhoneFindList, post: showPhoneFindList },
  '/ccmadmin/phoneEdit.do': { get: showPhoneEdit, post: savePhoneEdit },
  '/ccmadmin/gendeviceEdit.do': { get: showPhoneEdit },
  '/ccmadmin/phoneApplyConfig.do': applyConfigPopup(phoneTarget('phoneApplyConfig.do')),
  '/ccmadmin/phoneReset.do': resetPopup(phoneTarget('phoneReset.do')),
  '/ccmadmin/commonPhoneProfileFindList.do': { get: showCommonPhoneProfileList },
  '/ccmadmin/commonPhoneProfileEdit.do': { get: showCommonPhoneProfileEdit, post: saveCommonPhoneProfileEdit },
  '/ccmadmin/commonPhoneProfileApplyConfig.do': applyConfigPopup(profileTarget('commonPhoneProfileApplyConfig.do')),
  '/ccmadmin/commonPhoneProfileReset.do': resetPopup(profileTarget('commonPhoneProfileReset.do')),
  '/ccmadmin/enterprisePhoneConfigEdit.do': { get: showEnterprisePhoneConfig, post: saveEnterprisePhoneConfig },
  '/ccmadmin/enterprisePhoneConfigApplyConfig.do': applyConfigPopup(enterpriseTarget('enterprisePhoneConfigApplyConfig.do')),
  '/ccmadmin/deviceDefaultsEdit.do': { get: showDeviceDefaults, post: saveDeviceDefaults },
  [BAT_QUERY_PATH]: { get: showBatPhoneUpdateQuery, post: showBatPhoneUpdateQuery },
  [BAT_UPDATE_PATH]: { get: (r) => (r.params.has('submitted') ? showBatSubmitted(r) : showBatPhoneUpdate(r)), post: submitBatPhoneUpdate },
  '/ccmadmin/bulkjobFindList.do': { get: showBatJobList, post: showBatJobList },
  '/ccmadmin/bulkjobEdit.do': { get: showBatJobDetail },
};

export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, services: CucmServices): Promise<void> {
  const { sessions } = services;
  const method = req.method ?? 'GET';
  const session = sessions.get(cookieValue(req.headers.cookie, SESSION_COOKIE));
  const path = url.pathname === '/ccmadmin' || url.pathname === '/ccmadmin/' ? '/ccmadmin/showHome.do' : url.pathname;
  const alter = services.alterPage;
  if (alter) pageAlterations.set(res, (h) => alter(path, h));

  if (path === '/ccmadmin/j_security_check' && method === 'POST') {
    handleLogin(req, res, new URLSearchParams(await readBody(req)), session, services);
    return;
  }
  if (path === '/ccmadmin/logout.do') {
    if (session) sessions.destroy(session.id);
    redirect(res, '/ccmadmin/showHome.do');
    return;
  }

  const route = ROUTES[path];
  if (!route) {
    sendHtml(res, 404, html`<!DOCTYPE html><html><head><title>Not Found</title></head><body><h1>HTTP Status 404</h1><p>${path} is not available.</p></body></html>`);
    return;
  }
  if (!session?.user) {
    if (path === '/ccmadmin/showHome.do' && method === 'GET') {
      showLogin(res);
      return;
    }
    // Remember where the browser was going (GET only: a POST's form is lost, as on CUCM).
    const pre = session ?? sessions.create();
    pre.returnTo = method === 'GET' ? url.pathname + url.search : undefined;
    redirect(res, '/ccmadmin/showHome.do', 302, { 'Set-Cookie': sessionCookie(pre.id) });
    return;
  }

  const handler = method === 'GET' || method === 'HEAD' ? route.get : method === 'POST' ? route.post : undefined;
  if (!handler) {
    sendHtml(res, 405, adminPage({ title: 'Error', user: session.user, errors: [`${method} is not allowed here`], body: html`` }), {
      Allow: [route.get ? 'GET' : '', route.post ? 'POST' : ''].filter(Boolean).join(', '),
    });
    return;
  }
  const params = new URLSearchParams(url.search);
  if (method === 'POST') for (const [k, v] of new URLSearchParams(await readBody(req))) params.set(k, v);
  await handler({ req, res, url, params, session, services });
}
