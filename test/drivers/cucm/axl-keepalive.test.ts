// The AXL client and kept-alive sockets: a CUCM closes idle connections (its keep-alive
// timeout), and a request written to such a socket in that instant dies with "socket hang up"
// before CUCM saw it. The client sends it again once on a fresh socket; any other failure is
// not repeated.
import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { AxlHttp } from '../../../drivers/cucm/axl/http.ts';
import { CucmUnreachableError } from '../../../drivers/cucm/index.ts';
import { selfSignedCertificate } from '../../../labs/virtual/cucm/tls.ts';

describe('AXL client over kept-alive sockets', function () {
  let server: Server;
  let url = '';
  /** Per request: its number on its socket (1 = first). */
  const seen: number[] = [];
  let dropAll = false;

  before(async function () {
    const tls = await selfSignedCertificate('127.0.0.1');
    server = createServer({ key: tls.key, cert: tls.cert, keepAliveTimeout: 60_000 }, (req, res) => {
      const sock = req.socket as typeof req.socket & { served?: number };
      sock.served = (sock.served ?? 0) + 1;
      seen.push(sock.served);
      req.resume();
      req.on('end', () => {
        // What a CUCM closing an idle connection looks like to the client: the socket goes
        // away with the request unanswered.
        if (dropAll || sock.served === 2) {
          sock.destroy();
          return;
        }
        res.end('<ok/>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/axl/`;
  });

  after(() => new Promise<void>((r) => server.close(() => r())));

  const client = (): AxlHttp => new AxlHttp({ url, user: 'u', password: 'p', tls: { insecure: true }, timeoutMs: 5000, maxSockets: 1 });

  it('sends a request lost on a reused socket again, once, on a fresh one', async () => {
    seen.length = 0;
    const axl = client();
    assert.equal((await axl.post('CUCM:DB ver=10.5 getPhone', '<a/>')).body, '<ok/>');
    // Second request reuses the socket; the server drops it; the client retries on a new socket.
    assert.equal((await axl.post('CUCM:DB ver=10.5 getPhone', '<b/>')).body, '<ok/>');
    assert.deepEqual(seen, [1, 2, 1]);
  });

  it('does not repeat a request that failed on a fresh socket', async () => {
    seen.length = 0;
    dropAll = true;
    try {
      await assert.rejects(client().post('CUCM:DB ver=10.5 getPhone', '<c/>'), CucmUnreachableError);
      assert.deepEqual(seen, [1]);
    } finally {
      dropAll = false;
    }
  });
});
