// What a phone's SSH console says and expects, as DATA (unicon style): the login dialog after
// SSH authentication, the prompt, the commands that show and follow the console log and what
// a log record looks like. The real 79xx dialog is not publicly verified (pfs-reference.md
// §5), so a real lab writes its dialog in the lab description; nothing here is hard-wired.

export interface LoginStep {
  /** What to wait for: a regular expression, matched against what arrived since the previous step. */
  expect: RegExp;
  /** Text to send once seen (newline appended). Exactly one of send / secret. */
  send?: string;
  /** A secret to send (newline appended); never printed, and scrubbed from error messages. */
  secret?: string;
  /** Default 10000. */
  timeoutMs?: number;
}

export interface ConsoleDialect {
  login: LoginStep[];
  /** The shell prompt once logged in. */
  prompt: RegExp;
  /** What the phone says when it refuses an answer: the dialog fails at once instead of timing out. */
  failure?: RegExp;
  /** Prints every log record the phone still holds, oldest first. */
  showLog: string;
  /** Prints new records as they are written, until `interrupt`. */
  followLog: string;
  interrupt: string;
  /** Sent after each answer and command. */
  newline: string;
  /** A console log record (other lines: echoes, prompts, banners, are ignored). */
  record: RegExp;
}

/** Defaults: the virtual phone's commands (labs/virtual/phone/README.md) and the 79xx record format. */
export const DEFAULT_DIALECT: Omit<ConsoleDialect, 'login' | 'prompt'> = {
  showLog: 'show log',
  followLog: 'follow log',
  interrupt: '\x03',
  newline: '\r',
  record: /^[A-Z]{3} \d\d:\d\d:\d\d\.\d+ \S+/,
};

/** Shows received text in an error message: control characters visible, only the tail, secrets scrubbed. */
export function showReceived(text: string, secrets: readonly string[], max = 160): string {
  let t = text;
  for (const s of secrets) if (s !== '') t = t.split(s).join('***');
  if (t.length > max) t = `...${t.slice(-max)}`;
  return JSON.stringify(t);
}
