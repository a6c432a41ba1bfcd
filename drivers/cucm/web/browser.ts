// Launching the system Chromium for CUCM's pages. TLS: a certificate the lab gives is pinned
// by its public key (Chromium takes no CA file); a pinned fingerprint (tls.fingerprint) is
// checked over node:tls first and then pinned the same way, by the public key of the
// certificate that matched (tls-pin.ts); "insecure" ignores certificate errors; else the
// certificate must chain to the system's trust store.

import { X509Certificate, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import type { CucmTls } from '../connection.ts';
import { CucmError } from '../errors.ts';
import { pinnedCertificate } from '../tls-pin.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** base64 SHA-256 of each certificate's SubjectPublicKeyInfo, as --ignore-certificate-errors-spki-list wants. */
export function spkiHashes(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => {
    return spkiHash(new X509Certificate(b));
  });
}

/** The base64 SHA-256 of a certificate's SubjectPublicKeyInfo. */
function spkiHash(cert: X509Certificate): string {
  return createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
}

export interface BrowserTarget {
  /** CUCM's admin URL: where a pinned fingerprint is checked. */
  url: string;
  tls: CucmTls;
  timeoutMs: number;
}

export async function launchCucmBrowser(target: BrowserTarget, executablePath = CHROMIUM_PATH): Promise<{ browser: Browser; context: BrowserContext }> {
  if (!existsSync(executablePath)) throw new CucmError(`Chromium not found at ${executablePath}: run npm run setup`);
  const { tls } = target;
  const pins = tls.ca ? spkiHashes(tls.ca) : [];
  if (tls.fingerprint) pins.push(spkiHash(await pinnedCertificate(target.url, tls.fingerprint, target.timeoutMs)));
  const args = pins.length > 0 ? [...ARGS, `--ignore-certificate-errors-spki-list=${pins.join(',')}`] : ARGS;
  const browser = await chromium.launch({ executablePath, args, headless: true });
  const context = await browser.newContext({ ignoreHTTPSErrors: tls.insecure === true, viewport: { width: 1280, height: 900 } });
  return { browser, context };
}
