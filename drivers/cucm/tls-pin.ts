// CUCM's certificate pinned by its SHA-256 fingerprint (cucm.tls.fingerprint in the lab), in
// the form `openssl x509 -noout -fingerprint -sha256 -in cert.pem` prints. A CUCM's tomcat
// certificate is usually self-signed and names a host, not the address labs use: a pin says
// "this very certificate" without a CA file and without trusting every certificate.
//
// The pin is checked before a single byte of a request is sent:
// - AXL (node:https): PinnedAgent hands a socket to a request only after the TLS handshake,
//   once the certificate matched (http.Agent's createConnection may answer through its
//   callback, which is documented for this). The Authorization header never reaches a server
//   with another certificate.
// - The web driver (Chromium, which takes no fingerprint): pinnedCertificate() connects once
//   with node:tls, checks the fingerprint and returns the certificate; Chromium is then told to
//   accept exactly that certificate's public key (--ignore-certificate-errors-spki-list), not to
//   ignore certificate errors. A server that shows the right certificate to the check and
//   another one to Chromium still fails: it cannot have that certificate's private key.

import { X509Certificate } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { Agent } from 'node:https';
import type { AgentOptions, RequestOptions } from 'node:https';
import { connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { CERT_FINGERPRINT } from '../../harness/lab/schema/cucm-tftp.ts';
import { CucmUnreachableError } from './errors.ts';


/** The 32 hex pairs, upper case and colon separated, as Node's fingerprint256 gives them; undefined when not one. */
export function normalizeFingerprint(text: string): string | undefined {
  const m = CERT_FINGERPRINT.exec(text);
  return m?.[1]?.toUpperCase();
}

/** The certificate CUCM presented is not the one the lab pins. Names both fingerprints, never a credential. */
export class CucmCertificateMismatchError extends CucmUnreachableError {
  override name = 'CucmCertificateMismatchError';
  constructor(
    readonly where: string,
    readonly expected: string,
    readonly seen: string,
  ) {
    super(`${where}: refused: the certificate presented has SHA-256 fingerprint ${seen}, but the lab pins ${expected} (cucm.tls.fingerprint); nothing was sent`);
  }
}

/** The peer's fingerprint once the handshake is done, or the error that ended the connection. */
function checkPin(socket: TLSSocket, pin: string, where: string, onDone: (err: Error | null) => void): void {
  const fail = (e: Error): void => onDone(e instanceof CucmUnreachableError ? e : new CucmUnreachableError(`${where}: ${e.message}`, { cause: e }));
  socket.once('error', fail);
  socket.once('secureConnect', () => {
    socket.off('error', fail);
    const seen = socket.getPeerCertificate().fingerprint256 ?? '(no certificate)';
    if (seen.toUpperCase() === pin) {
      onDone(null);
      return;
    }
    socket.destroy();
    onDone(new CucmCertificateMismatchError(where, pin, seen));
  });
}

/**
 * An https.Agent whose sockets reach requests only after the server's certificate matched
 * the pin. With a CA as well (tls.ca), the chain is checked too; without, the pin alone
 * decides (the usual self-signed CUCM certificate).
 */
export class PinnedAgent extends Agent {
  constructor(
    options: AgentOptions,
    private readonly pin: string,
    private readonly where: string,
  ) {
    super({ ...options, rejectUnauthorized: options.ca !== undefined });
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = super.createConnection(options) as TLSSocket;
    checkPin(socket, this.pin, this.where, (err) => callback?.(err, socket));
    return undefined;
  }
}

/**
 * Connects to the URL's host and port, checks the certificate against the pin and returns it
 * (for Chromium's SPKI list). Sends nothing but the TLS handshake.
 */
export function pinnedCertificate(url: string, pin: string, timeoutMs: number): Promise<X509Certificate> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 443);
  const where = `CUCM at ${u.origin}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername: /^[\d.]+$|:/.test(host) ? undefined : host, rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new CucmUnreachableError(`${where}: no TLS handshake within ${timeoutMs} ms`)), timeoutMs);
    checkPin(socket, pin, where, (err) => {
      clearTimeout(timer);
      if (err) {
        reject(err);
        return;
      }
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(raw));
    });
  });
}
