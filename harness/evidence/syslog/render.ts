// The syslog / console-log cross-check as text for people (report attachment, `pfslab
// analyze`). Every line from the lab is escaped (evidence-line.ts): no control character of a
// phone's message reaches a terminal.
import { escapeText } from './evidence-line.ts';
import type { PhoneCrossCheck } from './cross-check.ts';
import { agrees } from './cross-check.ts';

/** At most this many differing lines are listed per phone and direction; the count is always given. */
const LISTED = 20;

export function renderCrossCheck(results: readonly PhoneCrossCheck[]): string {
  const out: string[] = ['Syslog stream vs console logs (web)'];
  const bad = results.filter((r) => !agrees(r));
  out.push(`  ${results.length - bad.length} of ${results.length} phone(s) agree${bad.length > 0 ? `; ${bad.length} do not` : ''}`);
  for (const r of results) {
    const nc = r.notCompared;
    const outside = nc.consoleBefore + nc.consoleAfter + nc.syslogBefore + nc.syslogAfter;
    const where = `${r.syslogFile ? `syslog ${r.syslogFile}` : 'no syslog file'}, ${r.consoleFile ? `console ${r.consoleFile}` : 'no console log'}`;
    if (r.problem !== undefined) {
      out.push(`  ${escapeText(r.phone)}: NOT COMPARED: ${r.problem} (${escapeText(where)})`);
      continue;
    }
    const verdict = agrees(r) ? 'agree' : 'DISAGREE';
    out.push(`  ${escapeText(r.phone)}: ${verdict}: ${r.common} line(s) in both, ${r.missingInSyslog.length} only in the console log, ${r.missingInConsole.length} only in syslog${outside > 0 ? `; not compared (outside the common span): console ${nc.consoleBefore} before / ${nc.consoleAfter} after, syslog ${nc.syslogBefore} before / ${nc.syslogAfter} after` : ''}`);
    for (const [what, lines] of [
      ['missing in syslog', r.missingInSyslog],
      ['missing in the console log', r.missingInConsole],
    ] as const) {
      for (const l of lines.slice(0, LISTED)) out.push(`    ${what}: ${escapeText(l.file)}:${l.line}: ${escapeText(l.text)}`);
      if (lines.length > LISTED) out.push(`    ... and ${lines.length - LISTED} more ${what}`);
    }
  }
  return `${out.join('\n')}\n`;
}
