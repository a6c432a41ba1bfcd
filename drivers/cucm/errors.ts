// The errors a CUCM driver throws. Each names what it was doing and where (URL, page,
// method, object); none carries a password (messages pass through the secret registry).

import { redact } from '../../harness/lab/secrets.ts';

export class CucmError extends Error {
  override name = 'CucmError';
  constructor(message: string, options?: { cause?: unknown }) {
    // WHY redact here: an error message is the artifact most likely to be logged or attached.
    super(redact(message), options);
  }
}

/** CUCM did not answer (refused, timed out, TLS failed): names the URL. */
export class CucmUnreachableError extends CucmError {
  override name = 'CucmUnreachableError';
}

/** CUCM refused the credentials: names URL and user, never the password. */
export class CucmAuthError extends CucmError {
  override name = 'CucmAuthError';
}

/** An AXL SOAP fault: method, object, axlcode and CUCM's message. */
export class AxlFaultError extends CucmError {
  override name = 'AxlFaultError';
  constructor(
    readonly method: string,
    readonly object: string,
    readonly axlCode: number | undefined,
    readonly axlMessage: string,
  ) {
    super(`AXL ${method} ${object}: fault${axlCode === undefined ? '' : ` ${axlCode}`}: ${axlMessage}`);
  }
}

/** A field the driver needs is not on the page (e.g. CSCso40251: no Peer Firmware Sharing on a 7965). */
export class CucmFieldMissingError extends CucmError {
  override name = 'CucmFieldMissingError';
  constructor(
    readonly field: string,
    readonly where: string,
    readonly evidence?: EvidenceFiles,
  ) {
    super(`the "${field}" field is absent on ${where}${evidence ? ` (evidence: ${evidence.screenshot}, ${evidence.html})` : ''}`);
  }
}

/** CUCM accepted a change but reading it back shows something else. */
export class CucmVerifyError extends CucmError {
  override name = 'CucmVerifyError';
}

/** A web page step failed; the screenshot and the (redacted) HTML are kept. */
export class CucmWebError extends CucmError {
  override name = 'CucmWebError';
  constructor(
    message: string,
    readonly evidence: EvidenceFiles | undefined,
    options?: { cause?: unknown },
  ) {
    super(`${message}${evidence ? ` (evidence: ${evidence.screenshot}, ${evidence.html})` : ''}`, options);
  }
}

export interface EvidenceFiles {
  screenshot: string;
  html: string;
}
