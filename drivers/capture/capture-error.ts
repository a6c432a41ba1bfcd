// One error class for every way a capture can fail, always naming the capture point, so
// a red nightly says which box/interface to look at without reading a stack trace.
export class CaptureDriverError extends Error {
  override readonly name = 'CaptureDriverError';
  constructor(
    readonly capture: string,
    readonly point: string,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`capture '${capture}' (${point}): ${detail}`, options);
  }
}
