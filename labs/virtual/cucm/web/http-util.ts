// Small HTTP helpers shared by the web pages and AXL: bounded body reading and responses.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from './html.ts';

const MAX_BODY = 4 * 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new BodyTooLarge(`request body over ${MAX_BODY} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Per response: CucmOptions.alterPage bound to the page's path (set by the router). */
export const pageAlterations = new WeakMap<ServerResponse, (html: string) => string>();

export function sendHtml(res: ServerResponse, status: number, page: SafeHtml, headers: Record<string, string> = {}): void {
  const alter = pageAlterations.get(res);
  const body = Buffer.from(alter ? alter(page.text) : page.text, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/html;charset=UTF-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(body.length), ...headers });
  res.end(body);
}

/** 302 for pages (what Tomcat's form login sends); 303 after a POST (back to a GET). */
export function redirect(res: ServerResponse, location: string, status = 302, headers: Record<string, string> = {}): void {
  res.writeHead(status, { Location: location, 'Content-Length': '0', 'Cache-Control': 'no-store', ...headers });
  res.end();
}
