// Where console log lines end: at \n (CRs before it are the assembler's to drop: CRLF files,
// \r\r\n from serial captures), or at a run of CRs followed by anything else (a log saved
// with CR-only line endings, which would otherwise read as one endless line).
//
// Hot path (every line of every log): the next \n and the next \r are found with indexOf
// and remembered, so a text is scanned a constant number of times whatever its endings.

const LF = 10;
const CR = 13;

export class LineEnds {
  private nextLf = -2;
  private nextCr = -2;
  /** Where the line after the one endOf() found begins. */
  next = 0;

  constructor(private readonly text: string) {}

  /**
   * The end (exclusive, before any \n) of the line starting at `from`. Sets `next`. With
   * `final` false, a CR run that reaches the end of the text is not decided yet: -1 is
   * returned (the caller keeps the text and asks again with more).
   */
  endOf(from: number, final = true): number {
    const text = this.text;
    if (this.nextLf !== -1 && this.nextLf < from) this.nextLf = text.indexOf('\n', from);
    if (this.nextCr !== -1 && this.nextCr < from) this.nextCr = text.indexOf('\r', from);
    const lf = this.nextLf === -1 ? text.length : this.nextLf;
    if (this.nextCr === -1 || this.nextCr > lf) {
      this.next = lf + 1;
      return lf;
    }
    let after = this.nextCr;
    while (after < text.length && text.charCodeAt(after) === CR) after++;
    if (after < text.length && text.charCodeAt(after) === LF) {
      // CRs then \n: the line ends at the \n, the CRs are stripped by the assembler.
      this.next = after + 1;
      return after;
    }
    if (after === text.length && !final) return -1;
    this.next = after;
    return this.nextCr;
  }
}
