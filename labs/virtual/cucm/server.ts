// The HTTPS server: /axl/ to AXL, /ccmadmin/ to the administration pages, / to the login.
// close() stops listening and drops every open connection (browsers keep them alive).

import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleAxl } from './axl/axl-endpoint.ts';
import type { CucmServices } from './services.ts';
import type { TlsMaterial } from './tls.ts';
import { redirect, sendText } from './web/http-util.ts';
import { handleAdmin } from './web/router.ts';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(tls: TlsMaterial, address: string, port: number, services: CucmServices): Promise<RunningServer> {
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://cucm.invalid');
    const work =
      url.pathname === '/axl' || url.pathname.startsWith('/axl/')
        ? handleAxl(req, res, services)
        : url.pathname === '/ccmadmin' || url.pathname.startsWith('/ccmadmin/')
          ? handleAdmin(req, res, url, services)
          : Promise.resolve(redirect(res, '/ccmadmin/showHome.do'));
    work.catch((err: unknown) => {
      services.log(`http: ${req.method ?? ''} ${url.pathname} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendText(res, 500, 'text/plain;charset=UTF-8', 'Internal error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
