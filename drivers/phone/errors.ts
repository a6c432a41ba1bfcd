// Every phone driver failure names the phone (a lab has dozens) and what was being done.
// Messages never carry a password: the SSH console puts only prompts and received text in them.

export class PhoneError extends Error {
  constructor(
    /** The phone's name (SEP<MAC>) or address. */
    readonly phone: string,
    /** What was being done, e.g. "GET /DeviceInformationX" or "login dialog step 2". */
    readonly step: string,
    readonly detail: string,
  ) {
    super(`phone ${phone}: ${step}: ${detail}`);
    this.name = 'PhoneError';
  }
}
