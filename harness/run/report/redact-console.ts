// Mocha's own reporters (spec on the terminal) print error messages and stacks through
// Base.consoleLog; a nightly's terminal output ends up in CI logs, so it is scrubbed too.
import type Mocha from 'mocha';
import { redact } from '../../lab/index.ts';

const WRAPPED = Symbol.for('pfslab.redactingConsoleLog');

type Base = typeof Mocha.reporters.Base;

export function redactReporterConsole(base: Base): void {
  const current = base.consoleLog as ((...data: unknown[]) => void) & { [WRAPPED]?: true };
  if (current[WRAPPED]) return;
  const wrapped = (...data: unknown[]): void => current(...data.map((d) => (typeof d === 'string' ? redact(d) : d)));
  base.consoleLog = Object.assign(wrapped, { [WRAPPED]: true as const });
}
