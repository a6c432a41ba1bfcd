// Status lines carried from a POST to the page shown after its redirect ("Update successful"),
// and from a popup (Apply Config, Reset) to the page it sends its opener back to.
//
// A line is for ONE address, the redirect's or the popup's return address, and only a request
// for that address takes it (as Spring's FlashMap matches its target path and query). A flash
// that any next page of the session took was stolen by requests the browser makes on its own:
// Chromium fetches /favicon.ico after each load, that address answers with a redirect to
// showHome.do, and the home page took "Update successful" before the saved page was asked for
// (a nightly's CSCso40251 save read "Ready"; test/virtual/cucm/flash.test.ts and test/drivers/cucm/web.test.ts replay it).

import type { Session } from './session.ts';

export interface FlashLine {
  line: string;
  /** Path and query of the only page that shows it. */
  forPage: string;
}

/** Lines a session keeps for pages not yet asked for (a browser that never follows a redirect). */
const MAX_WAITING = 16;

/** Path and query, as the router sees a request: one form for a Location and a request URL. */
function pageOf(address: string | URL): string {
  const u = typeof address === 'string' ? new URL(address, 'https://cucm.invalid') : address;
  return u.pathname + u.search;
}

export function addFlash(session: Session, line: string, forPage: string): void {
  session.flash.push({ line, forPage: pageOf(forPage) });
  if (session.flash.length > MAX_WAITING) session.flash.splice(0, session.flash.length - MAX_WAITING);
}

/** The lines left for the page at `url`, removed once shown; lines for other pages stay. */
export function takeFlash(session: Session, url: URL): string[] {
  const page = pageOf(url);
  const mine = session.flash.filter((f) => f.forPage === page);
  session.flash = session.flash.filter((f) => f.forPage !== page);
  return mine.map((f) => f.line);
}
