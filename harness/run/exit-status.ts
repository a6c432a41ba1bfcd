// One meaning per exit status, for every pfslab command, and the one place an error that
// escapes a command becomes a message and a status: input pfslab cannot use is named and
// exits 2; anything else is a pfslab fault, said as such, and exits 1. Never a stack trace
// on the terminal (PFSLAB_DEBUG=1 prints it, for a bug report).
import { formatIssue, LabError, SecretError } from '../lab/index.ts';
import { InputFileError } from '../io/bounded-file.ts';
import { CaptureError } from '../evidence/pcap/capture-error.ts';
import { LoadsFileError } from '../formats/loads-file.ts';
import { StateFileError } from '../../labs/virtual/lab/state-file.ts';
import { terminalSafe as escapeText } from '../io/untrusted-text.ts';

export { EXIT, EXIT_STATUS_HELP } from './exit-codes.ts';
import { EXIT } from './exit-codes.ts';

/** Errors that describe the user's input, not a fault of pfslab. */
export function isBadInput(e: unknown): e is Error {
  return (
    e instanceof LabError ||
    e instanceof SecretError ||
    e instanceof InputFileError ||
    e instanceof CaptureError ||
    e instanceof LoadsFileError ||
    e instanceof StateFileError
  );
}

/** `lab validate`'s form of a lab error: every issue at its file:line:col, then the count. */
export function labErrorText(e: LabError, file: string): string {
  const lines = e.issues.map(formatIssue);
  lines.push(`${file}: ${e.issues.length} error${e.issues.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** What to print and which status for an error that escaped a command. */
export function errorOutcome(command: string, e: unknown, env: NodeJS.ProcessEnv = process.env): { status: number; text: string } {
  const debug = env.PFSLAB_DEBUG === '1' && e instanceof Error && e.stack !== undefined ? `${e.stack}\n` : '';
  if (e instanceof LabError) {
    const file = e.issues[0]?.file ?? '';
    return { status: EXIT.BAD_INPUT, text: `${escapeText(labErrorText(e, file))}${debug}` };
  }
  const message = e instanceof Error ? e.message : String(e);
  if (isBadInput(e)) return { status: EXIT.BAD_INPUT, text: `pfslab ${command}: ${escapeText(message)}\n${debug}` };
  return {
    status: EXIT.FAILED,
    text: `pfslab ${command}: internal error (a fault of pfslab, not of the lab): ${escapeText(message)}\n${debug || 'PFSLAB_DEBUG=1 prints where it happened.\n'}`,
  };
}
