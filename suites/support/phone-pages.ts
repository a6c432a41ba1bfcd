// What a phone shows about itself on its web server, read the way an engineer would: the
// XML network page (through the phone driver) after a reboot, and the HTML network setup page.
import { PhoneError } from '../../drivers/phone/index.ts';
import type { NetworkConfiguration } from '../../drivers/phone/index.ts';
import { httpGetText } from '../../drivers/phone/http-get.ts';
import type { LabPhone } from '../../harness/run/suite-kit.ts';

/**
 * The HTML "Network Configuration" page of a 79xx phone. PHONE_WEB_PATHS (drivers/phone)
 * holds only the XML pages, so the path lives here; the virtual phone serves it at the same
 * path (labs/virtual/phone/web/web-server.ts).
 */
export const NETWORK_SETUP_HTML_PATH = '/NetworkConfiguration';

/** The phone's web driver, or an error naming the phone (the lab gives it no web console). */
export function webOf(phone: LabPhone): NonNullable<LabPhone['web']> {
  if (!phone.web) throw new Error(`${phone.name}: the lab gives this phone no web console (phones[].console.web)`);
  return phone.web;
}

/**
 * NetworkConfigurationX as soon as the phone answers (it is booting after a power cycle:
 * its web server is down until it has read its config file), or an error after the deadline.
 */
export async function networkPageWhenUp(phone: LabPhone, deadlineMs = 60_000): Promise<NetworkConfiguration> {
  const web = webOf(phone);
  const end = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      return await web.networkConfiguration(AbortSignal.timeout(5_000));
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new PhoneError(phone.name, `GET NetworkConfigurationX`, `no answer within ${deadlineMs} ms of the reboot (deadline passed; last: ${last instanceof Error ? last.message : String(last)})`);
}

/** The rows of the HTML network setup page: label -> value, tags stripped, whitespace folded. */
export async function networkSetupRows(phone: LabPhone): Promise<Map<string, string>> {
  const html = await httpGetText(webOf(phone).target, NETWORK_SETUP_HTML_PATH);
  const rows = new Map<string, string>();
  for (const tr of html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const cells = [...(tr[1] ?? '').matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/gi)].map((c) => textOf(c[1] ?? ''));
    if (cells.length >= 2 && cells[0]) rows.set(cells[0], cells[1] ?? '');
  }
  return rows;
}

function textOf(cell: string): string {
  return cell
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
