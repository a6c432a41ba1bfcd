// The phone's SSH console (port 22), offered when sshAccess is on in its config file: SSH
// password authentication with the config file's sshUserId/sshPassword, then the console
// shell. The host key is generated at start (a new phone identity per boot is good enough
// for a lab: clients connect with host key checking off).
import ssh2 from 'ssh2';
import type { Connection } from 'ssh2';
import type { ConsoleLoginStep } from '../spec.ts';
import type { PhoneView } from '../web/phone-view.ts';
import { runConsoleShell } from './console-shell.ts';

export interface SshConsoleOptions {
  ip: string;
  port: number;
  user: string;
  password: string;
  login: readonly ConsoleLoginStep[];
  prompt: string;
  view: () => PhoneView;
}

export interface SshConsole {
  close(): Promise<void>;
}

/** How many keys to draw before giving up: a bad draw is 1 in 256, sixteen in a row never happen. */
const HOST_KEY_DRAWS = 16;

/**
 * A fresh ed25519 host key that ssh2 reads back. ssh2's generator drops the leading zero bytes
 * of the public key, so about 1 key in 256 is one its own parser refuses ("Malformed OpenSSH
 * private key"; ssh2 issues 1390 and 1513, open in 1.17.0): the phone then booted without its
 * SSH console and a test met ECONNREFUSED on it, now and then. Such a key is drawn again.
 * Node's own ed25519 keys (PKCS#8) are not a format ssh2 reads, so its generator it is.
 */
export function drawHostKey(generate: () => { private: string; public: string } = () => ssh2.utils.generateKeyPairSync('ed25519')): string {
  for (let i = 0; i < HOST_KEY_DRAWS; i++) {
    const pair = generate();
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error) && !(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair.private;
  }
  throw new Error(`no ed25519 host key that ssh2 can read in ${HOST_KEY_DRAWS} draws`);
}

export function startSshConsole(o: SshConsoleOptions): Promise<SshConsole> {
  const { Server } = ssh2;
  const hostKey = drawHostKey();
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey], banner: undefined }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === o.user && ctx.password === o.password) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('shell', (accept) => {
          const stream = accept();
          runConsoleShell(stream, o.view, o.login, o.prompt);
          stream.on('end', () => stream.exit(0));
        });
        session.on('exec', (accept, _reject, info) => {
          // One command without the dialog would bypass the console login: refused.
          const stream = accept();
          stream.stderr.write(`exec not supported (${info.command.slice(0, 40)}): open a shell\r\n`);
          stream.exit(1);
          stream.end();
        });
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.ip, () => {
      server.off('error', reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const c of clients) c.end();
            server.close(() => done());
          }),
      });
    });
  });
}
