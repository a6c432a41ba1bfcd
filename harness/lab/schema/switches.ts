// PoE switches reached over SNMP. Port power is the lab's reset button: a suite power-cycles
// phones through POWER-ETHERNET-MIB (group.port) or, on switches that index PSE ports by
// interface, through the ifName.

import { z } from 'zod';
import { durationMs, host, refName, tcpUdpPort } from './common.ts';
import { secretRefField } from './secret-ref.ts';

const SnmpV2cSchema = z
  .strictObject({
    version: z.literal('2c').describe('SNMP version 2c (community based)'),
    community: secretRefField('Read community'),
    writeCommunity: secretRefField('Write community; default: the read community').optional(),
  })
  .describe('SNMP v2c');

export const SNMPV3_SECURITY_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;
export const SNMPV3_AUTH_PROTOCOLS = ['MD5', 'SHA', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as const;
export const SNMPV3_PRIV_PROTOCOLS = ['DES', 'AES', 'AES-192', 'AES-256'] as const;

const SnmpV3Schema = z
  .strictObject({
    // YAML reads `version: 3` as a number; both spellings mean the same.
    version: z.literal(['3', 3]).describe('SNMP version 3 (user based)'),
    user: z.string().min(1).describe('USM user name (not a secret)'),
    securityLevel: z.enum(SNMPV3_SECURITY_LEVELS).describe('USM security level'),
    authProtocol: z.enum(SNMPV3_AUTH_PROTOCOLS).optional().describe('Authentication protocol (authNoPriv, authPriv)'),
    authKey: secretRefField('Authentication pass phrase').optional(),
    privProtocol: z.enum(SNMPV3_PRIV_PROTOCOLS).optional().describe('Privacy protocol (authPriv)'),
    privKey: secretRefField('Privacy pass phrase').optional(),
  })
  .superRefine((v, ctx) => {
    const needsAuth = v.securityLevel !== 'noAuthNoPriv';
    const needsPriv = v.securityLevel === 'authPriv';
    const want = (key: 'authProtocol' | 'authKey' | 'privProtocol' | 'privKey', needed: boolean) => {
      if (needed && v[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `required when securityLevel is ${v.securityLevel}` });
      } else if (!needed && v[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `not used when securityLevel is ${v.securityLevel}; remove it` });
      }
    };
    want('authProtocol', needsAuth);
    want('authKey', needsAuth);
    want('privProtocol', needsPriv);
    want('privKey', needsPriv);
  })
  .describe('SNMP v3');

export const SnmpSchema = z.discriminatedUnion('version', [SnmpV2cSchema, SnmpV3Schema]);

export const PORT_MAP_STYLES = ['group-port', 'ifName'] as const;

/** How port power is switched: RFC 3621 pethPsePortAdminEnable, or Cisco's cpeExtPsePortEnable. */
export const POWER_MIBS = ['poe_mib', 'cisco_ext'] as const;

export const SwitchSchema = z
  .strictObject({
    name: refName('Switch name, referred to by phones[].port.switch'),
    host: host('Management address of the switch'),
    snmpPort: tcpUdpPort('SNMP agent port').default(161),
    snmp: SnmpSchema.describe('SNMP credentials'),
    portMap: z
      .enum(PORT_MAP_STYLES)
      .default('group-port')
      .describe('How phones name their port: group-port = pethPsePort group.port (RFC 3621); ifName = interface name, mapped through ENTITY-MIB'),
    powerMib: z
      .enum(POWER_MIBS)
      .default('poe_mib')
      .describe('Which MIB switches port power: poe_mib = POWER-ETHERNET-MIB pethPsePortAdminEnable (every PoE switch); cisco_ext = CISCO-POWER-ETHERNET-EXT-MIB cpeExtPsePortEnable (keeps static/limit modes on a Catalyst)'),
    timeoutMs: durationMs('SNMP request timeout').default(2000),
    retries: z.number().int().min(0).max(10).default(2).describe('SNMP retries after a timeout'),
  })
  .describe('A PoE switch the phones are powered from');
