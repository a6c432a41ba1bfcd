// How an SSH server (a capture host, a phone console) proves who it is, as OpenSSH users
// expect: its key is looked up in a known_hosts file (default ~/.ssh/known_hosts), or pinned
// by fingerprint in the lab. An unknown key is refused unless the lab opts in to trusting it
// on first use (`acceptNew`, OpenSSH's StrictHostKeyChecking=accept-new; logged, and the key
// is recorded); a key that differs from the known one is always refused. `insecure` skips
// the check, for virtual labs only (their emulated phones make a new key at every start).

import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { parseSecretRef } from './secret-ref.ts';

/** OpenSSH's form: SHA256: and the unpadded base64 of the key blob's SHA-256 (ssh-keygen -lf). */
export const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

export const HostKeySchema = z
  .strictObject({
    fingerprint: z
      .string()
      .superRefine((v, ctx) => {
        if (FINGERPRINT.test(v)) return;
        const ref = parseSecretRef(v);
        if (!ref.ok) ctx.addIssue({ code: 'custom', message: 'expected SHA256:<43 base64 characters> as ssh-keygen -lf prints it, or a reference to one (env:NAME, file:/abs/path, secrets:KEY)' });
      })
      .optional()
      .describe('The server key\'s fingerprint (SHA256:..., as ssh-keygen -lf prints it), or a reference to it like a secret (env:, file:, secrets:)'),
    knownHosts: z
      .string()
      .refine((p) => isAbsolute(p) || p.startsWith('~/'), 'expected an absolute path or ~/...')
      .optional()
      .describe('OpenSSH known_hosts file to check the key against (default ~/.ssh/known_hosts)'),
    acceptNew: z.boolean().default(false).describe('Trust a host not yet in knownHosts on first use, log it and record its key there (OpenSSH accept-new); a changed key is still refused'),
    insecure: z.boolean().default(false).describe('Do not check the host key at all: virtual labs only (emulated devices make a new key at each start)'),
  })
  .describe('How the SSH server\'s host key is checked; default: ~/.ssh/known_hosts, unknown hosts refused');

export type HostKeySpec = z.infer<typeof HostKeySchema>;
