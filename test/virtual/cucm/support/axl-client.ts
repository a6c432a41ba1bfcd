// A plain AXL client for the tests: one HTTPS POST of a hand-written SOAP body, TLS verified
// against the CUCM's own certificate. (fetch cannot be given a CA without undici, which the
// project does not depend on; node:https can.)

import { request, type Agent } from 'node:https';
import { XMLParser } from 'fast-xml-parser';
import type { Cucm } from '../../../../labs/virtual/cucm/index.ts';
import { ADMIN } from './test-cucm.ts';

export const AXL_NS = 'http://www.cisco.com/AXL/API/10.5';

export interface AxlReply {
  status: number;
  body: string;
  /** The parsed SOAP Body (namespace prefixes removed). */
  soapBody: Record<string, unknown>;
}

export interface AxlPostOptions {
  user?: string;
  password?: string;
  /** Full SOAPAction value; default "CUCM:DB ver=10.5 <method>"; null sends none. */
  soapAction?: string | null;
  /** Body exactly as given (for malformed-request tests). */
  rawBody?: string;
  agent?: Agent;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false, trimValues: true });

export function soapEnvelope(method: string, inner: string): string {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${AXL_NS}"><soapenv:Header/><soapenv:Body><ns:${method}>${inner}</ns:${method}></soapenv:Body></soapenv:Envelope>`;
}

export function axlPost(cucm: Cucm, method: string, inner: string, opts: AxlPostOptions = {}): Promise<AxlReply> {
  const body = opts.rawBody ?? soapEnvelope(method, inner);
  const url = new URL('axl/', cucm.url);
  const headers: Record<string, string> = {
    'Content-Type': 'text/xml; charset=utf-8',
    Authorization: `Basic ${Buffer.from(`${opts.user ?? ADMIN.name}:${opts.password ?? ADMIN.password}`).toString('base64')}`,
    'Content-Length': String(Buffer.byteLength(body)),
  };
  if (opts.soapAction !== null) headers['SOAPAction'] = opts.soapAction ?? `"CUCM:DB ver=10.5 ${method}"`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, ca: cucm.certificatePem, agent: opts.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let soapBody: Record<string, unknown> = {};
        if ((res.headers['content-type'] ?? '').includes('xml')) {
          const doc = parser.parse(text) as { Envelope?: { Body?: Record<string, unknown> } };
          soapBody = doc.Envelope?.Body ?? {};
        }
        resolve({ status: res.statusCode ?? 0, body: text, soapBody });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The <return> of a successful reply, failing with the fault text otherwise. */
export function axlReturn(reply: AxlReply, method: string): unknown {
  if (reply.status !== 200) throw new Error(`${method} failed with HTTP ${reply.status}: ${reply.body}`);
  const response = reply.soapBody[`${method}Response`] as Record<string, unknown> | undefined;
  if (!response) throw new Error(`no ${method}Response in ${reply.body}`);
  return response['return'];
}

export interface AxlFaultInfo {
  faultcode: string;
  faultstring: string;
  axlcode: string;
  axlmessage: string;
  request: string;
}

export function axlFaultOf(reply: AxlReply): AxlFaultInfo {
  const fault = reply.soapBody['Fault'] as Record<string, unknown> | undefined;
  if (!fault) throw new Error(`not a fault: ${reply.body}`);
  const err = (fault['detail'] as { axlError?: Record<string, string> } | undefined)?.axlError ?? {};
  return {
    faultcode: String(fault['faultcode']),
    faultstring: String(fault['faultstring']),
    axlcode: String(err['axlcode']),
    axlmessage: String(err['axlmessage']),
    request: String(err['request']),
  };
}
