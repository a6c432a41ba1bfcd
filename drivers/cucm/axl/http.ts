// One AXL POST over node:https (Node's fetch cannot take a CA without undici). Keep-alive
// agent, so a thousand requests reuse a few TLS connections. A CUCM that does not answer
// becomes an error naming the URL; the Authorization header never reaches a message.

import { Agent, request } from 'node:https';
import { PinnedAgent } from '../tls-pin.ts';
import { CucmAuthError, CucmUnreachableError } from '../errors.ts';
import type { CucmTls } from '../connection.ts';

export interface AxlHttpResponse {
  status: number;
  body: string;
}

export interface AxlHttpOptions {
  url: string;
  user: string;
  password: string;
  tls: CucmTls;
  timeoutMs: number;
  /** Sockets kept open to CUCM (requests beyond wait for one). */
  maxSockets: number;
}

export class AxlHttp {
  private readonly agent: Agent;
  private readonly auth: string;

  constructor(private readonly opts: AxlHttpOptions) {
    const agentOptions = { keepAlive: true, maxSockets: opts.maxSockets, ca: opts.tls.ca, rejectUnauthorized: opts.tls.insecure !== true };
    // A pinned certificate (cucm.tls.fingerprint): no request is written before it matched.
    this.agent = opts.tls.fingerprint ? new PinnedAgent(agentOptions, opts.tls.fingerprint, `AXL at ${opts.url}`) : new Agent(agentOptions);
    this.auth = `Basic ${Buffer.from(`${opts.user}:${opts.password}`).toString('base64')}`;
  }

  /**
   * WHY the one retry: a kept-alive socket that CUCM closed while idle (its keep-alive timeout)
   * can still be handed out, and the request then dies with ECONNRESET / "socket hang up"
   * before CUCM saw it (Node's documented keep-alive race, `req.reusedSocket`). Repeating it
   * on a fresh socket is safe: every AXL call the driver makes reads, or sets a value.
   */
  async post(soapAction: string, body: string): Promise<AxlHttpResponse> {
    try {
      return await this.postOnce(soapAction, body);
    } catch (e) {
      if (e instanceof StaleSocketError) return this.postOnce(soapAction, body);
      throw e;
    }
  }

  private postOnce(soapAction: string, body: string): Promise<AxlHttpResponse> {
    const { url, timeoutMs } = this.opts;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'Content-Type': 'text/xml; charset=utf-8',
            SOAPAction: soapAction,
            Authorization: this.auth,
            'Content-Length': String(Buffer.byteLength(body)),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => reject(new CucmUnreachableError(`AXL at ${url}: the answer broke off (${e.message})`)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status === 401 || status === 403) {
              reject(new CucmAuthError(`AXL at ${url} refused user "${this.opts.user}" (HTTP ${status}): check the password reference in the lab and the user's AXL role`));
              return;
            }
            resolve({ status, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      // WHY a whole-request timer and not only the socket's idle timeout: a CUCM that accepts
      // the connection and then says nothing must fail in bounded time too.
      const timer = setTimeout(() => {
        req.destroy(new CucmUnreachableError(`AXL at ${url} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (req.reusedSocket && e.code === 'ECONNRESET') reject(new StaleSocketError(`AXL at ${url}: ${e.message}`, { cause: e }));
        else reject(e instanceof CucmUnreachableError ? e : new CucmUnreachableError(`AXL at ${url}: ${e.message}`, { cause: e }));
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A request lost on a kept-alive socket the server had closed: sent again once (see post). */
class StaleSocketError extends CucmUnreachableError {}
