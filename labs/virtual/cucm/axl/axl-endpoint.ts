// /axl/: HTTP Basic authentication (401 otherwise), then one SOAP request per POST, whose
// SOAPAction header ("CUCM:DB ver=10.5 getPhone") must agree with the body when it is sent.
// A GET answers, as CUCM does, that the service is up. Errors are SOAP faults with HTTP 500.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CucmServices } from '../services.ts';
import { BodyTooLarge, readBody, sendText } from '../web/http-util.ts';
import { AxlFault, usage } from './axl-fault.ts';
import { AXL_HANDLERS } from './handlers/index.ts';
import { AXL_VERSION, axlFault, axlResponse, parseAxlRequest, unknownOperationFault } from './soap.ts';

const XML = 'text/xml;charset=UTF-8';

function basicUser(req: IncomingMessage, services: CucmServices): string | undefined {
  const header = req.headers.authorization ?? '';
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  return services.users.check(user, decoded.slice(colon + 1)) ? user : undefined;
}

/** Checks SOAPAction against the body's method; absent is accepted (the body decides). */
function checkSoapAction(header: string | string[] | undefined, method: string): void {
  if (header === undefined) return;
  const value = (Array.isArray(header) ? header.join(' ') : header).trim().replace(/^"|"$/g, '');
  const m = /^CUCM:DB ver=([\d.]+)(?:\s+(\S+))?$/.exec(value);
  if (!m) throw usage(`SOAPAction "${value}" is not of the form "CUCM:DB ver=${AXL_VERSION} ${method}"`);
  if (m[1] !== AXL_VERSION) throw usage(`AXL version ${m[1] ?? ''} in SOAPAction is not supported by this server; use ${AXL_VERSION}`);
  if (m[2] !== undefined && m[2] !== method) throw usage(`SOAPAction names ${m[2]} but the request is ${method}`);
}

export async function handleAxl(req: IncomingMessage, res: ServerResponse, services: CucmServices): Promise<void> {
  const user = basicUser(req, services);
  if (user === undefined) {
    services.log('axl: request refused: bad or missing credentials');
    sendText(res, 401, 'text/html;charset=UTF-8', '<html><head><title>401 Unauthorized</title></head><body><h1>HTTP Status 401 - Unauthorized</h1></body></html>', {
      'WWW-Authenticate': 'Basic realm="Cisco AXL API"',
    });
    return;
  }
  if (req.method === 'GET') {
    sendText(res, 200, 'text/html;charset=UTF-8', `<html><body><h1>Cisco CallManager: AXL Web Service</h1><p>The AXL Web Service is working and accepting requests. Use HTTP POST to send a request (schema version ${AXL_VERSION}).</p></body></html>`);
    return;
  }
  if (req.method !== 'POST') {
    sendText(res, 405, 'text/plain', 'Use POST', { Allow: 'GET, POST' });
    return;
  }

  let method = 'unknown';
  try {
    const request = parseAxlRequest(await readBody(req));
    method = request.method;
    checkSoapAction(req.headers.soapaction, method);
    const handler = AXL_HANDLERS[method];
    if (!handler) {
      // Not in AXL 10.5's schema (getDeviceDefaults came with 12.5): Axis2 finds no operation.
      const action = `CUCM:DB ver=${AXL_VERSION} ${method}`;
      services.log(`axl: ${user} ${method} fault: no such operation in AXL ${AXL_VERSION}`);
      sendText(res, 500, XML, unknownOperationFault(`https://${req.headers.host ?? services.address}/axl/services/AXLAPIService`, action));
      return;
    }
    const inner = handler({ method, body: request.body, services, user });
    services.log(`axl: ${user} ${method} ok`);
    sendText(res, 200, XML, axlResponse(method, inner));
  } catch (err) {
    const fault =
      err instanceof AxlFault ? err : err instanceof BodyTooLarge ? usage(err.message) : new AxlFault(-1, err instanceof Error ? err.message : String(err), 'Server');
    services.log(`axl: ${user} ${method} fault ${fault.axlCode}: ${fault.message}`);
    sendText(res, 500, XML, axlFault(method, fault));
  }
}
