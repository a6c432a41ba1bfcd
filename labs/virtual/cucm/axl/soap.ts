// The SOAP envelope of AXL 10.5: reading a request (one method element in the Body, in the
// namespace http://www.cisco.com/AXL/API/10.5) and writing a response or a fault, shaped as
// CUCM sends them (soapenv prefix, ns:<method>Response, <return>).

import { XMLParser } from 'fast-xml-parser';
import { escapeXml } from '../xml-escape.ts';
import { usage, type AxlFault } from './axl-fault.ts';
import { childNames, isNode, type XmlNode } from './xml-read.ts';

export const AXL_VERSION = '10.5';
export const AXL_NAMESPACE = `http://www.cisco.com/AXL/API/${AXL_VERSION}`;
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

export interface AxlRequest {
  method: string;
  body: XmlNode;
}

export function parseAxlRequest(xml: string): AxlRequest {
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch (err) {
    throw usage(`The request is not well-formed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const envelope = isNode(doc) ? doc['Envelope'] : undefined;
  const body = isNode(envelope) ? envelope['Body'] : undefined;
  if (!isNode(body)) throw usage('The request has no SOAP Envelope/Body');
  const methods = childNames(body);
  if (methods.length !== 1) throw usage(`The SOAP Body must hold exactly one AXL request; it holds ${methods.length}`);
  const method = methods[0] ?? '';
  // The namespace must be AXL's; the version is checked against SOAPAction by the endpoint.
  const ns = /xmlns(?::\w+)?="http:\/\/www\.cisco\.com\/AXL\/API\/([\d.]+)"/.exec(xml);
  if (!ns) throw usage(`The request element ${method} is not in an AXL namespace (${AXL_NAMESPACE})`);
  if (ns[1] !== AXL_VERSION) throw usage(`AXL schema version ${ns[1] ?? ''} is not supported by this server; use ${AXL_VERSION}`);
  const content = body[method];
  return { method, body: isNode(content) ? content : {} };
}

function envelope(inner: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

export function axlResponse(method: string, inner: string): string {
  return envelope(`<ns:${method}Response xmlns:ns="${AXL_NAMESPACE}">${inner}</ns:${method}Response>`);
}

export function axlFault(method: string, fault: AxlFault): string {
  const msg = escapeXml(fault.message);
  return envelope(
    `<soapenv:Fault><faultcode>soapenv:${fault.faultCode}</faultcode><faultstring>${msg}</faultstring>` +
      `<detail><axlError><axlcode>${fault.axlCode}</axlcode><axlmessage>${msg}</axlmessage><request>${escapeXml(method)}</request></axlError></detail></soapenv:Fault>`,
  );
}


/**
 * The fault a real CUCM's Axis2 sends for a request element its schema lacks (e.g.
 * getDeviceDefaults on 10.5): no axlError detail, the SOAPAction in the text. Shape and words
 * from public AXL client test data that recorded a real cluster's answer.
 */
export function unknownOperationFault(endpoint: string, soapAction: string): string {
  return envelope(
    `<soapenv:Fault xmlns:axis2ns1="${SOAP_ENV}"><faultcode>axis2ns1:Client</faultcode>` +
      `<faultstring>${escapeXml(`The endpoint reference (EPR) for the Operation not found is ${endpoint} and the WSA Action = ${soapAction}`)}</faultstring><detail/></soapenv:Fault>`,
  );
}
