// Phones: identity (SEP + MAC), model, address, subnet, the PoE port that powers them and
// how their console is reached. The SSH login dialog is data (expect/send steps and a
// prompt pattern), because the phone-side dialog is not publicly documented and differs
// between firmware releases.

import { z } from 'zod';
import { MODEL_NAMES } from '../../formats/phone-models.ts';
import { durationMs, ipv4, positiveInt, refName, tcpUdpPort } from './common.ts';
import { secretRefField } from './secret-ref.ts';
import { HostKeySchema } from './host-key.ts';

export const DEVICE_NAME = /^SEP[0-9A-Fa-f]{12}$/;

const regexText = (description: string) =>
  z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      try {
        new RegExp(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^Invalid regular expression: /, 'invalid regular expression ') });
      }
    })
    .describe(description);

const LoginStepSchema = z
  .strictObject({
    expect: regexText('Regular expression (JavaScript syntax) to wait for'),
    send: z.string().optional().describe('Text to send once it is seen (a newline is appended); not for secrets'),
    sendSecret: secretRefField('Secret to send once it is seen (a newline is appended)').optional(),
    timeoutMs: durationMs('How long to wait for the expected text').default(10_000),
  })
  .refine((s) => (s.send === undefined) !== (s.sendSecret === undefined), {
    message: 'give exactly one of send (plain text) or sendSecret (a secret reference)',
  })
  .describe('One step of the login dialog');

const SshConsoleSchema = z
  .strictObject({
    port: tcpUdpPort('SSH port').default(22),
    user: z.string().min(1).describe('SSH user (CUCM: Phone > SSH User)'),
    password: secretRefField('SSH password (CUCM: Phone > SSH Password)'),
    login: z.array(LoginStepSchema).default([]).describe('Dialog after SSH authentication, step by step (the phone asks again for a login)'),
    prompt: regexText('Regular expression that matches the shell prompt once logged in'),
    failure: regexText('Regular expression of what the phone says when it refuses an answer (e.g. "Login incorrect"): the dialog then fails at once instead of timing out').optional(),
    hostKey: HostKeySchema.optional(),
  })
  .describe('SSH console of the phone');

const WebConsoleSchema = z
  .strictObject({
    enabled: z.boolean().describe('Whether the phone web server is enabled (CUCM: Web Access)'),
    port: tcpUdpPort('HTTP port').default(80),
  })
  .describe('Phone web pages (console logs, DeviceInformationX)');

const ConsoleSchema = z
  .strictObject({
    web: WebConsoleSchema.optional(),
    ssh: SshConsoleSchema.optional(),
  })
  .refine((c) => c.web !== undefined || c.ssh !== undefined, { message: 'give web, ssh or both' })
  .describe('How the phone\'s logs and console are reached');

const SwitchPortSchema = z
  .strictObject({
    switch: refName('Name of the switch (switches[].name)'),
    group: positiveInt('pethPsePortGroupIndex (1 on a non-stacked switch)').optional(),
    port: positiveInt('pethPsePortIndex within the group').optional(),
    ifName: z.string().min(1).optional().describe('Interface name, e.g. Gi1/0/5 (switches with portMap: ifName)'),
  })
  .superRefine((p, ctx) => {
    const groupPort = p.group !== undefined || p.port !== undefined;
    if (p.ifName !== undefined && groupPort) {
      ctx.addIssue({ code: 'custom', message: 'give either group and port, or ifName, not both' });
    } else if (p.ifName === undefined) {
      if (p.group === undefined) ctx.addIssue({ code: 'custom', path: ['group'], message: 'required (or give ifName instead of group and port)' });
      if (p.port === undefined) ctx.addIssue({ code: 'custom', path: ['port'], message: 'required (or give ifName instead of group and port)' });
    }
  })
  .describe('The PoE port that powers the phone');

export const PhoneSchema = z
  .strictObject({
    name: z
      .string()
      .regex(DEVICE_NAME, 'expected SEP followed by the 12 hex digits of the MAC, e.g. SEP001122AABBCC')
      .describe('CUCM device name: SEP + MAC (12 hex digits)'),
    mac: z
      .string()
      .regex(/^[0-9A-Fa-f]{2}([:.-]?[0-9A-Fa-f]{2}){5}$|^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/, 'expected a MAC address, e.g. 00:11:22:aa:bb:cc')
      .optional()
      .describe('MAC address; optional, it is derived from the name and must agree with it'),
    model: z.enum(MODEL_NAMES as [string, ...string[]]).describe('CUCM product name, e.g. CP-7961G'),
    ip: ipv4('Static IPv4 address of the phone'),
    subnet: refName('Name of the subnet (subnets[].name) the phone is in'),
    port: SwitchPortSchema.optional(),
    console: ConsoleSchema.optional(),
  })
  .describe('An IP phone');
