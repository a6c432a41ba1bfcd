// One HTTP GET to a phone's web server, with a timeout, returning the body as text. Phones
// serve plain HTTP on port 80; a failure names the phone and the path.
import { PhoneError } from './errors.ts';
import type { PhoneTarget } from './phone-target.ts';
import { phoneLabel } from './phone-target.ts';

export interface HttpGetOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function phoneUrl(t: PhoneTarget, path: string): string {
  const port = t.webPort ?? 80;
  return `http://${t.ip}${port === 80 ? '' : `:${port}`}${path}`;
}

export async function httpGetText(t: PhoneTarget, path: string, o: HttpGetOptions = {}): Promise<string> {
  const timeoutMs = o.timeoutMs ?? 5000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(o.signal ? [o.signal] : [])];
  let res: Response;
  try {
    res = await fetch(phoneUrl(t, path), { signal: AbortSignal.any(signals), redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new PhoneError(phoneLabel(t), `GET ${path}`, why);
  }
  let body: string;
  try {
    // latin1: the log files are ASCII, and a byte-exact decoding keeps sizes equal to offsets.
    body = Buffer.from(await res.arrayBuffer()).toString('latin1');
  } catch (e) {
    throw new PhoneError(phoneLabel(t), `GET ${path}`, `reading the body: ${(e as Error).message}`);
  }
  if (!res.ok) throw new PhoneError(phoneLabel(t), `GET ${path}`, `HTTP ${res.status} ${res.statusText}`);
  return body;
}
