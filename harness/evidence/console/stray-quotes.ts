// Stray double quotes, as the published log has them: the document quoted runs of lines,
// so a quote sits before a record's level or after a record's last word. A quote at the
// start of a line is stray when a record header follows it (a record never starts with a
// quote); that case is handled where headers are read. This file handles the closing
// quote, decided on the whole record so that a record with balanced quotes
// (`name="a b"`, even wrapped over two lines) is left alone.

const QUOTE = '"';

function countQuotes(pieces: readonly string[]): number {
  let count = 0;
  for (const piece of pieces) {
    let at = piece.indexOf(QUOTE);
    while (at !== -1) {
      count++;
      at = piece.indexOf(QUOTE, at + 1);
    }
  }
  return count;
}

/**
 * Removes one stray quote from a record's source pieces (its lines, after the header) when
 * the record holds an odd number of quotes: the last quote that ends a line (with the
 * blanks before it), else a quote that starts a continuation line. Returns true if it did.
 */
export function removeStrayQuote(pieces: string[]): boolean {
  if (countQuotes(pieces) % 2 === 0) return false;
  for (let i = pieces.length - 1; i >= 0; i--) {
    const trimmed = (pieces[i] ?? '').trimEnd();
    if (trimmed.endsWith(QUOTE)) {
      pieces[i] = trimmed.slice(0, -1).trimEnd();
      return true;
    }
  }
  for (let i = 1; i < pieces.length; i++) {
    const piece = pieces[i] ?? '';
    if (piece.startsWith(QUOTE)) {
      pieces[i] = piece.slice(1);
      return true;
    }
  }
  return false;
}
