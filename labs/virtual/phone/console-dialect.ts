// The virtual lab's OWN console lines: child, relay and transfer lines of its PFS protocol.
// Cisco's child-side lines are not public (pfs-reference §3); these are written in the
// style of the published root lines (same task DLoad, same XID prefix) and are documented
// as the virtual lab's, never as a real phone's. Read them with
//   parseConsoleLog(text, { extraDialect: virtualPhoneDialect })
// Each gives an event of type 'other' whose `name` is the entry's name and whose fields
// are the pattern's named groups. The lines and their patterns are defined once, side by
// side, in console-lines.ts (twinLines): this file only makes them a dialect. The root's
// lines are the published ones and are read by the parser's own 79xx dialect.
import type { ConsoleDialectEntry } from '../../../harness/evidence/console/dialect.ts';
import { twinLines } from './console-lines.ts';

export const virtualPhoneDialect: readonly ConsoleDialectEntry[] = Object.entries(twinLines).map(([name, line]) => ({
  name,
  task: 'DLoad',
  pattern: new RegExp(`^${line.pattern}`),
}));
