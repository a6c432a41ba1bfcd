// A browserless client for the admin pages (node:https, TLS verified against the CUCM's
// certificate): for tests that need a session but no rendering.

import { request, type Agent } from 'node:https';
import type { Cucm } from '../../../../labs/virtual/cucm/index.ts';

export interface WebReply {
  status: number;
  location: string | undefined;
  setCookie: string[];
  body: string;
}

export function webRequest(cucm: Cucm, path: string, opts: { form?: Record<string, string>; cookie?: string; agent?: Agent } = {}): Promise<WebReply> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const headers: Record<string, string> = {};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  if (opts.cookie) headers['Cookie'] = opts.cookie;
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, cucm.url), { method: body === undefined ? 'GET' : 'POST', headers, ca: cucm.certificatePem, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, location: res.headers.location, setCookie: res.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Logs in and returns the Cookie header value of the session. */
export async function webLogin(cucm: Cucm, user: string, password: string): Promise<string> {
  const reply = await webRequest(cucm, '/ccmadmin/j_security_check', { form: { j_username: user, j_password: password } });
  const cookie = reply.setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('JSESSIONID='));
  if (reply.status !== 302 || !cookie) throw new Error(`login failed: HTTP ${reply.status}`);
  return cookie;
}
