// Checks that every source line of a parse ended up somewhere, exactly once: in a
// record's line..endLine span, as a raw line, or as an unreadable line number.
import type { ParsedConsoleLog } from '../../../harness/evidence/console/index.ts';

/** Source lines as the parser counts them: split at \n, a final empty piece is no line. */
export function sourceLineCount(text: string): number {
  if (text === '') return 0;
  // Lines end at \n, or at a run of CRs followed by anything else (CR-only files).
  const pieces = text.split(/\n|\r+(?=[^\r\n])/).length;
  return text.endsWith('\n') ? pieces - 1 : pieces;
}

/** Problems found (empty when the accounting is complete). */
export function lineAccountingProblems(parsed: ParsedConsoleLog, lineCount: number): string[] {
  const owner = new Array<string | undefined>(lineCount + 1);
  const problems: string[] = [];
  const claim = (line: number, who: string): void => {
    if (!Number.isInteger(line) || line < 1 || line > lineCount) {
      problems.push(`${who} claims line ${line}, outside 1..${lineCount}`);
    } else if (owner[line] !== undefined) {
      problems.push(`line ${line} claimed by ${owner[line]} and ${who}`);
    } else {
      owner[line] = who;
    }
  };
  for (const r of parsed.records) {
    if (r.endLine < r.line) problems.push(`record ${r.index} ends (${r.endLine}) before it starts (${r.line})`);
    for (let line = r.line; line <= r.endLine; line++) claim(line, `record ${r.index}`);
  }
  for (const r of parsed.raw) claim(r.line, 'raw');
  for (const line of parsed.unreadable.lines) claim(line, 'unreadable');
  if (parsed.unreadable.count !== parsed.unreadable.lines.length) {
    problems.push(`unreadable.count ${parsed.unreadable.count} != ${parsed.unreadable.lines.length} lines`);
  }
  for (let line = 1; line <= lineCount; line++) {
    if (owner[line] === undefined) problems.push(`line ${line} is in no record, raw or unreadable`);
  }
  return problems;
}
