// The phone's web server (port 80): XML and HTML pages and the console log files.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { PhoneView } from './phone-view.ts';
import { consoleLogsHtml, deviceInformationHtml, networkConfigurationHtml } from './html-pages.ts';
import { deviceInformationXml, networkConfigurationXml } from './xml-pages.ts';

export function startWebServer(ip: string, port: number, view: () => PhoneView): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://phone');
    const v = view();
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), Connection: 'close' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'Method Not Allowed\n');
    const path = url.pathname;
    if (path === '/DeviceInformationX') return send(200, 'text/xml', deviceInformationXml(v));
    if (path === '/NetworkConfigurationX') return send(200, 'text/xml', networkConfigurationXml(v));
    if (path === '/' || path === '/DeviceInformation') return send(200, 'text/html', deviceInformationHtml(v));
    if (path === '/NetworkConfiguration') return send(200, 'text/html', networkConfigurationHtml(v));
    if (path === '/CGI/Java/Serviceability' && url.searchParams.get('adapter') === 'device.statistics.consolelog') {
      return send(200, 'text/html', consoleLogsHtml(v));
    }
    const log = /^\/FS\/cache\/(log\d+\.log)$/.exec(path)?.[1];
    const file = log === undefined ? undefined : v.log.get(log);
    if (file) return send(200, 'text/plain', file.text);
    send(404, 'text/html', '<html><body>404 Not Found</body></html>\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: ip, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
