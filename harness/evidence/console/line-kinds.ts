// Cheap per-line tests the assembler uses for lines that are not record headers.

/** Whitespace only (or nothing). */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * A line no console writes: C0 controls other than tab, CR and ESC (ESC is kept because a
 * terminal capture may carry colour codes), DEL, C1 controls, and U+FFFD (bytes that were
 * not UTF-8). Such lines are counted as unreadable instead of being glued to a record.
 */
export function isGarbage(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 32) {
      if (c !== 9 && c !== 13 && c !== 27) return true;
    } else if ((c >= 127 && c <= 159) || c === 0xfffd) {
      return true;
    }
  }
  return false;
}
