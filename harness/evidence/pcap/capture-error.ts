// The one error readCapture throws: the file is not a capture at all (unreadable, empty,
// unknown magic). A capture that is merely truncated or corrupt is not an error: the
// summary of what was read comes back with `stoppedEarly` instead.

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  /** The file that could not be read as a capture. */
  readonly file: string;
  /** Byte offset where the problem is (0 for the magic number). */
  readonly offset: number;

  constructor(file: string, offset: number, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
    this.offset = offset;
  }
}
