// Binds the phone drivers to a phone of a lab description: the web pages when console.web
// is enabled, the SSH console when console.ssh is given, its login dialog taken as written
// in the lab (expect/send/sendSecret/timeoutMs, prompt). Secrets are resolved through the
// harness, which registers them for redaction.
import type { LabPhoneSpec, SecretContext } from '../../harness/lab/index.ts';
import { resolveSecret } from '../../harness/lab/index.ts';
import type { LoginStep } from './console-dialect.ts';
import { PhoneWeb } from './phone-web.ts';
import { PhoneSshConsole } from './ssh-console.ts';
import { hostKeyCheck as mkHostKeyCheck } from '../ssh/host-key-check.ts';

export interface LabPhoneDrivers {
  web?: PhoneWeb;
  ssh?: PhoneSshConsole;
}

export async function phoneDriversFromLab(phone: LabPhoneSpec, ctx: SecretContext = {}): Promise<LabPhoneDrivers> {
  const out: LabPhoneDrivers = {};
  const web = phone.console?.web;
  if (web?.enabled) out.web = new PhoneWeb({ name: phone.name, ip: phone.ip, webPort: web.port });
  const ssh = phone.console?.ssh;
  if (ssh) {
    const login: LoginStep[] = [];
    for (const s of ssh.login) {
      const step: LoginStep = { expect: new RegExp(s.expect), timeoutMs: s.timeoutMs };
      if (s.sendSecret !== undefined) step.secret = await resolveSecret(s.sendSecret, ctx);
      else step.send = s.send ?? '';
      login.push(step);
    }
    const at = `phones[${phone.name}].console.ssh.hostKey`;
    const hostKeyCheck = mkHostKeyCheck(phone.ip, ssh.port, ssh.hostKey, `phone ${phone.name} console ${ssh.user}@${phone.ip}:${ssh.port}`, at, {
      log: (line) => process.stderr.write(`${line}\n`),
      secrets: ctx,
    });
    out.ssh = new PhoneSshConsole(
      { name: phone.name, ip: phone.ip, port: ssh.port, user: ssh.user, password: await resolveSecret(ssh.password, ctx), hostKeyCheck },
      { dialect: { login, prompt: new RegExp(ssh.prompt), ...(ssh.failure === undefined ? {} : { failure: new RegExp(ssh.failure) }) } },
    );
  }
  return out;
}
