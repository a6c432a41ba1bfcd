// The services of a booted phone: the web server when webAccess is on, the SSH console when
// sshAccess is on (both from its config file). Started after the config file is read,
// stopped when the phone reboots or loses power.
import type { Server } from 'node:http';
import type { VirtualPhone } from './phone.ts';
import type { SshConsole } from './ssh/ssh-server.ts';
import { startSshConsole } from './ssh/ssh-server.ts';
import type { PhoneView } from './web/phone-view.ts';
import { startWebServer } from './web/web-server.ts';

export interface PhoneServices {
  close(): Promise<void>;
  ports(): { web?: number; ssh?: number };
}

export function phoneView(phone: VirtualPhone): PhoneView {
  return {
    hostName: phone.name,
    mac: phone.mac,
    model: phone.spec.model,
    ip: phone.spec.ip,
    cidr: phone.spec.cidr,
    gateway: phone.spec.gateway,
    tftpServer: phone.spec.tftpServer,
    runningLoad: phone.flash.runningLoad,
    callManagers: phone.config?.callManagers ?? [],
    pfs: phone.hasFault('CSCui49910') ? undefined : phone.pfsEnabled,
    log: phone.flash.log,
  };
}

export async function startServices(phone: VirtualPhone): Promise<PhoneServices> {
  const { spec, config } = phone;
  const view = () => phoneView(phone);
  let web: Server | undefined;
  let ssh: SshConsole | undefined;
  const webPort = spec.web?.port ?? 80;
  const sshPort = spec.ssh?.port ?? 22;
  try {
    if ((spec.web?.enabled ?? true) && config?.webAccess) web = await startWebServer(spec.ip, webPort, view);
    if (config?.sshAccess && config.sshUserId !== '') {
      ssh = await startSshConsole({
        ip: spec.ip,
        port: sshPort,
        user: config.sshUserId,
        password: config.sshPassword,
        login: spec.ssh?.login ?? [],
        prompt: spec.ssh?.prompt ?? '$ ',
        view,
      });
    }
  } catch (e) {
    phone.log('ERR', 'Main', `service start failed: ${(e as Error).message}`);
  }
  return {
    async close() {
      web?.closeAllConnections();
      await Promise.all([web ? new Promise<void>((r) => web?.close(() => r())) : undefined, ssh?.close()]);
    },
    ports: () => ({ web: web ? webPort : undefined, ssh: ssh ? sshPort : undefined }),
  };
}
