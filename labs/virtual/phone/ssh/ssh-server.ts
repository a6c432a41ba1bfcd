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

export function startSshConsole(o: SshConsoleOptions): Promise<SshConsole> {
  const { Server, utils } = ssh2;
  const hostKey = utils.generateKeyPairSync('ed25519').private;
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
