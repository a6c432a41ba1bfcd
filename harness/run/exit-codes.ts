// The exit statuses of every pfslab command, one meaning each: the table alone, with no
// imports, so that \`pfslab --help\` shows it without loading any command's dependencies.
export const EXIT = {
  /** Passed, valid, free, up, done. */
  OK: 0,
  /** Failed: violations found, a test failed, degraded, something did not work. */
  FAILED: 1,
  /** Bad input: a file, option or lab description pfslab cannot use (the message says which and why). */
  BAD_INPUT: 2,
  /** Nothing to do or analyse: nothing usable was read, nothing was tested, the lab is not running. */
  NOTHING: 3,
  /** Held: another run holds the lab's lease. */
  HELD: 4,
  /** The lab's lease was lost mid-run: the run stopped changing the lab and restored it (lab or infrastructure problem). */
  LEASE_LOST: 5,
} as const;

export const EXIT_STATUS_HELP = `
Exit status (the same meaning for every command):
  0  ok: passed, valid, free, up
  1  failed: violations found, a test failed, degraded, or a pfslab fault (said as such)
  2  bad input: a file, option or lab description that cannot be used (the message names it)
  3  nothing to do or analyse: nothing usable read, nothing tested, lab not running
  4  held: another run holds the lab's lease
  5  lease lost mid-run (pfslab run): the lab was restored; a lab or infrastructure problem`;

