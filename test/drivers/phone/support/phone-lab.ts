// Virtual phones on loopback for the phone driver tests, started the way the phone tests'
// mini-lab does (labs/virtual/phone index.ts exports only): a virtual TFTP server serving one
// CUCM-structured SEP<MAC>.cnf.xml per phone, and VirtualPhones that already run their
// target load (no upgrade: these tests are about the pages and the console, not PFS).
// Addresses 127.79.x are this suite's own, so it runs beside the other suites.
import { renderConfigFile } from '../../../../labs/virtual/cucm/config-file.ts';
import type { ConsoleLoginStep, PhoneSpec } from '../../../../labs/virtual/phone/index.ts';
import { loopbackNetStack, VirtualPhone } from '../../../../labs/virtual/phone/index.ts';
import type { TftpServer } from '../../../../labs/virtual/tftp/index.ts';
import { MemoryStore, startTftpServer } from '../../../../labs/virtual/tftp/index.ts';
import { phoneStates } from '../../../support/phone-states.ts';

export const TFTP_IP = '127.79.0.11';
export const LOAD = 'SCCP41.9-4-2SR2-2S';
export const SSH_USER = 'pfslab';
export const SSH_PASSWORD = 'phone-ssh-secret';
export const CONSOLE_PASSWORD = 'console-secret-42';
export const CONSOLE_LOGIN: ConsoleLoginStep[] = [
  { prompt: 'login: ', answer: 'default' },
  { prompt: 'password: ', answer: CONSOLE_PASSWORD, secret: true },
];

export interface TestPhoneOptions {
  host: number;
  logFiles?: number;
  logFileBytes?: number;
}

export interface PhoneLab {
  tftp: TftpServer;
  phones: VirtualPhone[];
  /** Every console line each phone wrote since it was created (the reference to compare with). */
  written: string[][];
  close(): Promise<void>;
}

export interface PhoneLabAddresses {
  /** Default TFTP_IP. */
  tftpIp?: string;
  /** First three octets of the phones' /24, default 127.79.1. */
  prefix?: string;
}

export async function startPhoneLab(options: TestPhoneOptions[], where: PhoneLabAddresses = {}): Promise<PhoneLab> {
  const tftpIp = where.tftpIp ?? TFTP_IP;
  const prefix = where.prefix ?? '127.79.1';
  const files = new MemoryStore();
  const tftp = await startTftpServer({ address: tftpIp, port: 69, store: files });
  const net = loopbackNetStack();
  const written: string[][] = [];
  const phones = options.map((o, i) => {
    const name = `SEP0250F5B1${o.host.toString(16).toUpperCase().padStart(4, '0')}`;
    files.put(
      `${name}.cnf.xml`,
      renderConfigFile(
        {
          pkid: `00000000-0000-0000-0000-${o.host.toString().padStart(12, '0')}`,
          ctiId: o.host,
          devicePool: { pkid: '1b1b9eb6-7803-11d3-bdf0-00108302ead1', name: 'Default' },
          cucmAddress: tftpIp,
          sshUserId: SSH_USER,
          sshPassword: SSH_PASSWORD,
          loadInformation: LOAD,
          vendorConfig: [
            ['webAccess', '0'],
            ['peerFirmwareSharing', '1'],
            ['sshAccess', '0'],
          ],
        },
        `${1700000000 + o.host}-00000000-0000-0000-0000-000000000000`,
      ),
    );
    const spec: PhoneSpec = {
      name,
      model: 'CP-7961G',
      ip: `${prefix}.${o.host}`,
      cidr: `${prefix}.0/24`,
      gateway: `${prefix}.1`,
      tftpServer: tftpIp,
      initialLoad: LOAD,
      timing: { scale: 0.2, bootMs: 1000, rebootMs: 1000 },
      web: { port: 80 },
      ssh: { port: 22, login: CONSOLE_LOGIN, prompt: '$ ' },
      logFiles: o.logFiles,
      logFileBytes: o.logFileBytes,
    };
    const phone = new VirtualPhone(spec, net);
    const lines: string[] = [];
    written[i] = lines;
    phone.flash.log.follow((l) => lines.push(l));
    return phone;
  });
  for (const p of phones) p.powerOn();
  await Promise.all(phones.map((p) => p.waitFor('running', 30_000)));
  // A phone starts its web server and SSH console before it reaches running, and logs a
  // failed start only to its console log: say so here, with that log, rather than let a
  // test meet ECONNREFUSED later.
  for (const p of phones) {
    const ports = p.serviceAddresses();
    if (ports.web === undefined || ports.ssh === undefined) {
      const state = phoneStates([p], 12);
      for (const q of phones) q.powerOff();
      await tftp.close();
      throw new Error(`${p.name} runs without its ${ports.web === undefined ? 'web server' : 'SSH console'}:\n${state}`);
    }
  }
  return {
    tftp,
    phones,
    written,
    async close() {
      for (const p of phones) p.powerOff();
      await tftp.close();
    },
  };
}

/** Resolves when `check` is true, polling; rejects after timeoutMs with `what`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
