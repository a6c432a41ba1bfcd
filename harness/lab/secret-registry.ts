// Every secret value the harness has resolved, so any text can be scrubbed before it
// becomes an artifact (design rule 6). Drivers that derive new secret forms (an HTTP Basic
// header is base64 of user:password) add those forms too.

const REDACTED = 'REDACTED';

export class SecretRegistry {
  /** value -> label (the reference it came from, which is safe to show). */
  private readonly values = new Map<string, string>();
  private pattern: RegExp | undefined;

  /**
   * Registers a secret and the forms it commonly takes in logs: URL-encoded (query strings,
   * form posts) and XML-escaped (AXL SOAP bodies).
   */
  add(value: string, label = 'secret'): void {
    for (const form of [value, encodeURIComponent(value), xmlEscape(value)]) {
      if (form.length > 0 && !this.values.has(form)) {
        this.values.set(form, label);
        this.pattern = undefined;
      }
    }
  }

  has(value: string): boolean {
    return this.values.has(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** Replaces every registered value with [REDACTED <label>]; longest first, so no fragment survives. */
  redact(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= alternation([...this.values.keys()]);
    return text.replace(this.pattern, (match) => `[${REDACTED} ${this.values.get(match) ?? 'secret'}]`);
  }

  /**
   * Overwrites every registered value found in `bytes` (as Latin-1/ASCII bytes) with '*' of
   * the same length, in place; returns how many were masked. For binary evidence (a pcap)
   * that text redaction would corrupt: same-length masking keeps every length field intact.
   */
  maskBytes(bytes: Buffer): number {
    let masked = 0;
    // Longest first, so that no fragment of a longer secret survives a shorter one's mask.
    for (const value of [...this.values.keys()].sort((a, b) => b.length - a.length)) {
      const needle = Buffer.from(value, 'latin1');
      for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
        bytes.fill(0x2a, at, at + needle.length);
        masked++;
      }
    }
    return masked;
  }

  clear(): void {
    this.values.clear();
    this.pattern = undefined;
  }
}

/** The registry the whole process shares: resolveSecret() adds to it, loggers redact with it. */
export const secretRegistry = new SecretRegistry();

/** Scrubs `text` of the given secret values (or of everything in a registry). */
export function redact(text: string, secrets: Iterable<string> | SecretRegistry = secretRegistry): string {
  if (secrets instanceof SecretRegistry) return secrets.redact(text);
  const values = [...secrets].filter((s) => s.length > 0);
  if (values.length === 0) return text;
  return text.replace(alternation(values), `[${REDACTED}]`);
}

function alternation(values: string[]): RegExp {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
}

function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
