// The error of input a command cannot use: exit code 2, and the message says which input and
// why. Its own module so that a command can recognise it without loading the readers that
// throw it (analyze loads the console and syslog readers only for --logs / --syslog).

export class BadInputError extends Error {
  override name = 'BadInputError';
}
