// Text that came from a device (a load id, a log line, an error message quoting a page) is
// shown on a terminal and in reports: control characters (escape sequences above all) are
// replaced so that a device cannot move the cursor or rewrite what the table says, and
// registered secrets are masked.
import { redact } from '../../lab/index.ts';

const MAX_DETAIL = 300;

export function sanitizeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (c === '\n' || c === '\t' ? ' ' : '?'));
  const cut = clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}...` : clean;
  return redact(cut);
}
