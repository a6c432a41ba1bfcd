// Checking an SSH server's host key the way OpenSSH does, for ssh2 clients (capture hosts,
// phone consoles): a pinned fingerprint, else the known_hosts file; an unknown host is
// refused unless the lab opted in to first use (then logged and recorded); a changed key is
// always refused. ssh2 leaves host keys to its caller (hostVerifier); no maintained npm
// library reads known_hosts with hashed names and [host]:port, so the few rules needed are
// written here (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT").
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HostKeySpec } from '../../harness/lab/schema/host-key.ts';
import { FINGERPRINT } from '../../harness/lab/schema/host-key.ts';
import { InputFileError, readBoundedText } from '../../harness/io/bounded-file.ts';
import { resolveSecret } from '../../harness/lab/secrets.ts';
import type { SecretContext } from '../../harness/lab/secrets.ts';

let insecureSaid = false;

/** The key blob's fingerprint as ssh-keygen -l prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob (ssh-ed25519, ecdsa-sha2-nistp256, ...). */
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return n > 0 && n < 64 && 4 + n <= blob.length ? blob.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

/** How known_hosts names a host: host, or [host]:port when the port is not 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

interface KnownKey {
  revoked: boolean;
  blob: Buffer;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function hostMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) matched = true;
  }
  return matched;
}

/** The keys a known_hosts text gives for one host name (@cert-authority lines are not used). */
export function knownKeys(text: string, name: string): KnownKey[] {
  const out: KnownKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift();
      if (marker === '@cert-authority') continue;
      revoked = marker === '@revoked';
    }
    const [hosts, , key] = fields;
    if (hosts === undefined || key === undefined || !hostMatches(hosts, name)) continue;
    out.push({ revoked, blob: Buffer.from(key, 'base64') });
  }
  return out;
}

/** A host key check, ready for ssh2's hostVerifier; after a refusal, `refusal` says why. */
export interface HostKeyCheck {
  verify(blob: Buffer): Promise<boolean>;
  refusal: string | undefined;
}

export interface HostKeyCheckOptions {
  /** Where a trusted-on-first-use key is logged (always said, never silent). */
  log(line: string): void;
  secrets?: SecretContext;
  /** Default: os.homedir(); tests give their own. */
  home?: string;
}

/**
 * The check for one server. `where` names it in messages (e.g. "capture host
 * root@10.1.0.5:22"); `at` is the lab path of the hostKey setting, for the advice.
 */
export function hostKeyCheck(host: string, port: number, spec: HostKeySpec | undefined, where: string, at: string, opts: HostKeyCheckOptions): HostKeyCheck {
  const home = opts.home ?? os.homedir();
  const file = expandHome(spec?.knownHosts ?? '~/.ssh/known_hosts', home);
  const name = knownHostsName(host, port);
  const check: HostKeyCheck = {
    refusal: undefined,
    async verify(blob: Buffer): Promise<boolean> {
      const seen = fingerprintOf(blob);
      const refuse = (why: string): boolean => {
        check.refusal = `${where}: host key ${seen} refused: ${why}`;
        return false;
      };
      if (spec?.insecure === true) {
        // Said once per process (a virtual lab's phones all share the setting), not at every connection.
        if (!insecureSaid) opts.log(`${where}: host key ${seen} not checked (${at}.insecure: a virtual lab; said once for all)`);
        insecureSaid = true;
        return true;
      }
      if (spec?.fingerprint !== undefined) {
        const pinned = FINGERPRINT.test(spec.fingerprint) ? spec.fingerprint : (await resolveSecret(spec.fingerprint, opts.secrets)).trim();
        if (pinned.replace(/=$/, '') === seen) return true;
        return refuse(`the lab pins ${at}.fingerprint to another key; if the server's key was changed on purpose, pin the new one (ssh-keygen -lf on the server)`);
      }
      let text = '';
      try {
        text = await readBoundedText(file, 'known_hosts file');
      } catch (e) {
        const missing = e instanceof InputFileError && (e.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
        if (!missing) return refuse(e instanceof Error ? e.message : String(e));
      }
      const known = knownKeys(text, name);
      if (known.some((k) => k.revoked && k.blob.equals(blob))) return refuse(`it is marked @revoked in ${file}`);
      if (known.some((k) => !k.revoked && k.blob.equals(blob))) return true;
      if (known.some((k) => !k.revoked)) {
        return refuse(`${file} holds another key for ${name}: the server's key CHANGED, or someone else answers on that address. If the change is known, remove the old line (ssh-keygen -R '${name}' -f ${file})`);
      }
      if (spec?.acceptNew !== true) {
        return refuse(`${name} is not in ${file}. Check the key (ssh-keygen -lf on the server), then add it (ssh-keyscan -p ${port} ${host} >> ${file}), pin it as ${at}.fingerprint, or let the lab trust it on first use with ${at}.acceptNew: true`);
      }
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await appendFile(file, `${name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
      opts.log(`${where}: first use: trusted host key ${seen} and recorded it in ${file} (${at}.acceptNew)`);
      return true;
    },
  };
  return check;
}

function expandHome(p: string, home: string): string {
  return p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}
