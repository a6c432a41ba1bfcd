// Option negotiation (RFC 2347) for blksize (RFC 2348), timeout and tsize (RFC 2349) and
// windowsize (RFC 7440). Pure: the server feeds it the request and the file size, and gets
// back either what to put in the OACK and use for the transfer, or the reason for error 8.
//
// Policy, where the RFCs leave a choice:
// - Unknown options are ignored (left out of the OACK), as RFC 2347 requires.
// - A value the option's RFC forbids (blksize < 8, timeout outside 1..255, windowsize 0,
//   anything not a decimal number, an option given twice) ends the request with error 8:
//   the client is broken, and saying so beats guessing what it meant. Except an RRQ's
//   tsize, whose value means nothing (see below).
// - A value the RFC allows but that exceeds this server's limit (blksize, windowsize) is
//   answered with the limit, as RFC 2348 and RFC 7440 allow.

export const DEFAULT_BLOCK_SIZE = 512;
export const MIN_BLOCK_SIZE = 8;
/** RFC 2348's upper bound for blksize. */
export const MAX_BLOCK_SIZE = 65464;
export const MAX_WINDOW_SIZE = 65535;

export interface NegotiationLimits {
  maxBlockSize: number;
  maxWindowSize: number;
  /** Largest file a WRQ may announce with tsize (error 3 above it). */
  maxWriteSize: number;
}

export interface NegotiationInput {
  kind: 'read' | 'write';
  requested: [string, string][];
  /** RRQ: the size of what will be sent (after netascii conversion). */
  fileSize?: number;
  limits: NegotiationLimits;
}

export type Negotiation =
  | {
      ok: true;
      /** The OACK's options in the order the client asked; empty: answer without an OACK. */
      granted: [string, string][];
      blockSize: number;
      windowSize: number;
      /** From the timeout option, in ms; undefined: the server's default. */
      timeoutMs?: number;
      /** WRQ: the size the client announced. */
      announcedSize?: number;
    }
  | { ok: false; code: 3 | 8; message: string };

const DECIMAL = /^\d{1,10}$/;

export function negotiateOptions(input: NegotiationInput): Negotiation {
  const { limits } = input;
  const granted: [string, string][] = [];
  let blockSize = DEFAULT_BLOCK_SIZE;
  let windowSize = 1;
  let timeoutMs: number | undefined;
  let announcedSize: number | undefined;
  const seen = new Set<string>();
  const fail = (message: string): Negotiation => ({ ok: false, code: 8, message });

  for (const [name, raw] of input.requested) {
    if (seen.has(name)) return fail(`option ${name} given twice`);
    seen.add(name);
    const known = name === 'blksize' || name === 'timeout' || name === 'tsize' || name === 'windowsize';
    if (!known) continue;
    if (name === 'tsize' && input.kind === 'read') {
      // RFC 2349: the client sends 0 and the server answers with the size. The value carries
      // nothing, so any is accepted: atftp, told `--option "tsize enable"`, sends "enable".
      granted.push([name, String(input.fileSize ?? 0)]);
      continue;
    }
    const value = raw.trim();
    if (!DECIMAL.test(value)) return fail(`option ${name}: "${raw}" is not a decimal number`);
    const n = Number(value);
    switch (name) {
      case 'blksize':
        if (n < MIN_BLOCK_SIZE) return fail(`blksize ${n} is below ${MIN_BLOCK_SIZE} (RFC 2348)`);
        blockSize = Math.min(n, limits.maxBlockSize, MAX_BLOCK_SIZE);
        granted.push([name, String(blockSize)]);
        break;
      case 'timeout':
        if (n < 1 || n > 255) return fail(`timeout ${n} is outside 1..255 seconds (RFC 2349)`);
        timeoutMs = n * 1000;
        granted.push([name, String(n)]);
        break;
      case 'tsize':
        // A WRQ's tsize announces the upload's size (reads are handled above).
        if (n > limits.maxWriteSize) return { ok: false, code: 3, message: `tsize ${n} exceeds the ${limits.maxWriteSize}-byte limit for uploads` };
        announcedSize = n;
        granted.push([name, String(n)]);
        break;
      case 'windowsize':
        if (n < 1 || n > MAX_WINDOW_SIZE) return fail(`windowsize ${n} is outside 1..${MAX_WINDOW_SIZE} (RFC 7440)`);
        windowSize = Math.min(n, limits.maxWindowSize);
        granted.push([name, String(windowSize)]);
        break;
    }
  }
  return { ok: true, granted, blockSize, windowSize, timeoutMs, announcedSize };
}
