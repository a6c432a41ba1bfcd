// Status lines carried from a POST to the page shown after its redirect ("Update successful"),
// and from a popup (Apply Config, Reset) to the page that opened it.

import type { Session } from './session.ts';

export function addFlash(session: Session, line: string): void {
  session.flash.push(line);
}

/** The lines left for this page, removed once shown. */
export function takeFlash(session: Session): string[] {
  return session.flash.splice(0);
}
