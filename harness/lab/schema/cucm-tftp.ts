// The call-control side of a lab: the CUCM publisher (web admin and AXL) and the TFTP server
// the phones load their configuration and firmware from.

import { z } from 'zod';
import { host, tcpUdpPort, url } from './common.ts';
import { secretRefField } from './secret-ref.ts';

export const CucmSchema = z
  .strictObject({
    url: url('Base URL of CUCM administration, e.g. https://10.10.0.10/ (the driver appends /ccmadmin/...)'),
    user: z.string().min(1).describe('Application user for web admin and AXL (not a secret)'),
    password: secretRefField('Password of that user'),
    version: z
      // YAML reads 10.5 as a number and 10.10 as 10.1: a version must be quoted to stay exact.
      .string({
        error: (iss) => (iss.input === undefined ? undefined : 'write the version as a quoted string, e.g. "10.5"'),
      })
      .regex(/^\d+\.\d+(\.\d+)*$/, 'expected a version like "10.5" or "10.5.2"')
      .describe('CUCM version, quoted, e.g. "10.5"; selects the AXL schema version'),
    axl: z
      .strictObject({
        enabled: z.boolean().describe('Use AXL (SOAP) for settings; off: web admin only'),
        url: url('AXL endpoint; default https://<host of url>:8443/axl/').optional(),
      })
      .describe('AXL access'),
    tls: z
      .strictObject({
        ca: z.string().min(1).optional().describe('PEM file of the CA (or the self-signed certificate) that signed CUCM\'s certificate; relative to the lab file'),
        insecure: z.boolean().default(false).describe('Accept any certificate (a lab CUCM, knowingly); default false'),
      })
      .optional()
      .describe('How the CUCM certificate is checked; default: the system CAs. PFSLAB_CUCM_CA / PFSLAB_CUCM_INSECURE=1 override it'),
  })
  .describe('The CUCM publisher');

export const TftpSchema = z
  .strictObject({
    server: host('TFTP server address (the phones\' TFTP Server 1)'),
    port: tcpUdpPort('TFTP port').default(69),
  })
  .describe('The TFTP server that serves config files and loads');
