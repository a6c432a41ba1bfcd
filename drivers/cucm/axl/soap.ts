// The AXL SOAP envelope: writing a request in the AXL namespace of the lab's CUCM version
// and reading a response or a fault.

import { XMLParser } from 'fast-xml-parser';
import { AxlFaultError, CucmError } from '../errors.ts';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

export function axlNamespace(version: string): string {
  return `http://www.cisco.com/AXL/API/${version}`;
}

/** SOAPAction as CUCM expects it, quotes included. */
export function soapAction(version: string, method: string): string {
  return `"CUCM:DB ver=${version} ${method}"`;
}

export function envelope(version: string, method: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}" xmlns:ns="${axlNamespace(version)}"><soapenv:Header/><soapenv:Body><ns:${method}>${inner}</ns:${method}></soapenv:Body></soapenv:Envelope>`;
}

export type XmlValue = string | XmlNode | XmlValue[];
export interface XmlNode {
  [key: string]: XmlValue;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export function isNode(v: unknown): v is XmlNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of an element that may carry attributes ({'#text': ..., '@_uuid': ...}). */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isNode(v)) {
    const t = v['#text'];
    return typeof t === 'string' ? t : '';
  }
  return undefined;
}

/**
 * The <return> of <methodResponse>, or an AxlFaultError naming method, object, axlcode and
 * message. `object` names what the request was about, for the message.
 */
export function parseResponse(method: string, object: string, status: number, xml: string, url: string): XmlValue {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    throw new CucmError(`AXL ${method} ${object}: HTTP ${status} from ${url} is not XML`);
  }
  const body = isNode(doc) && isNode(doc['Envelope']) ? doc['Envelope']['Body'] : undefined;
  if (!isNode(body)) throw new CucmError(`AXL ${method} ${object}: HTTP ${status} from ${url} is not a SOAP envelope: ${xml.slice(0, 200)}`);
  const fault = body['Fault'];
  if (isNode(fault)) {
    const detail = isNode(fault['detail']) ? fault['detail'] : undefined;
    const axlError = detail && isNode(detail['axlError']) ? detail['axlError'] : undefined;
    const code = axlError ? Number.parseInt(textOf(axlError['axlcode']) ?? '', 10) : NaN;
    const message = (axlError ? textOf(axlError['axlmessage']) : undefined) ?? textOf(fault['faultstring']) ?? 'no message';
    throw new AxlFaultError(method, object, Number.isNaN(code) ? undefined : code, message);
  }
  const response = body[`${method}Response`];
  if (status !== 200 || !isNode(response)) throw new CucmError(`AXL ${method} ${object}: unexpected HTTP ${status} answer from ${url}`);
  return response['return'] ?? '';
}
