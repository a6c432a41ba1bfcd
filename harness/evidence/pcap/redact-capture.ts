// Secrets in captures. On a lab's wire some credentials travel in clear: the SNMP v2c
// community of every PoE request, the SSH password CUCM writes into each phone's config file
// (fetched by TFTP). A capture kept as evidence or attached to a report must not carry them,
// so every registered secret is masked in the file itself ('*' of the same length): frame
// lengths, TFTP block sizes and TCP sequence ranges stay exactly as captured, and the PFS
// analysis reads the masked file as it would the original. What changes: the UDP/TCP
// checksums of the masked packets no longer match (tshark does not check them by default).
//
// The secrets come from the caller (the run passes the lab's secret registry): evidence
// parsing knows nothing of lab descriptions (a lint rule keeps harness/evidence off harness/lab).
import { readFile, writeFile } from 'node:fs/promises';

/** What masks secrets in bytes: the lab's SecretRegistry is one. */
export interface ByteMasker {
  /** How many secrets it knows; 0: nothing to mask. */
  readonly size: number;
  /** Overwrites every known secret in `bytes` with '*' of the same length; returns how many it masked. */
  maskBytes(bytes: Buffer): number;
}

/** Masks every secret `secrets` knows in a capture file, in place; returns how many were masked. */
export async function redactCaptureFile(file: string, secrets: ByteMasker): Promise<number> {
  if (secrets.size === 0) return 0;
  // Whole-file: evidence captures are ring files of at most a few hundred MB (the lab's ring size).
  const bytes = await readFile(file);
  const masked = secrets.maskBytes(bytes);
  if (masked > 0) await writeFile(file, bytes);
  return masked;
}
