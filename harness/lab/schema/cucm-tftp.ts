// The call-control side of a lab: the CUCM publisher (web admin and AXL) and the TFTP server
// the phones load their configuration and firmware from.

import { z } from 'zod';
import { host, tcpUdpPort, url } from './common.ts';
import { secretRefField } from './secret-ref.ts';

/** A certificate's SHA-256 fingerprint as OpenSSL prints it: `sha256 Fingerprint=AB:CD:...` (3.x), `SHA256 Fingerprint=...` (1.1), or the 32 hex pairs alone. */
export const CERT_FINGERPRINT = /^\s*(?:sha-?256 fingerprint=)?((?:[0-9a-f]{2}:){31}[0-9a-f]{2})\s*$/i;

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
        fingerprint: z
          .string()
          .regex(CERT_FINGERPRINT, 'expected the SHA-256 fingerprint as `openssl x509 -noout -fingerprint -sha256` prints it: 32 hex pairs separated by ":", with or without "sha256 Fingerprint="')
          .optional()
          .describe("SHA-256 fingerprint of CUCM's own certificate (openssl x509 -noout -fingerprint -sha256): only that certificate is accepted, by AXL and the web driver alike"),
      })
      .refine((t) => !(t.insecure && t.fingerprint !== undefined), { path: ['insecure'], message: 'insecure: true accepts any certificate, which contradicts a pinned fingerprint: keep one' })
      .optional()
      .describe('How the CUCM certificate is checked; default: the system CAs. PFSLAB_CUCM_CA / PFSLAB_CUCM_INSECURE=1 override it'),
    pfsBuiltInDefault: z
      .enum(['Enabled', 'Disabled'])
      .optional()
      .describe(
        "What this CUCM gives a phone when no level sets Peer Firmware Sharing (the Enterprise page lacks it, CSCsh20977, or its Override Enterprise Settings box is clear). CUCM 10.5's is not public: unset, pfslab assumes Disabled and says so; `pfslab cucm probe` shows what the Enterprise Phone Configuration holds",
      ),
  })
  .describe('The CUCM publisher');

export const TftpSchema = z
  .strictObject({
    server: host('TFTP server address (the phones\' TFTP Server 1)'),
    port: tcpUdpPort('TFTP port').default(69),
  })
  .describe('The TFTP server that serves config files and loads');
