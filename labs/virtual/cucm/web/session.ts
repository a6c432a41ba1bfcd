// Web sessions, as Tomcat keeps them for ccmadmin: a JSESSIONID cookie naming an in-memory
// session that ends after sessionTtlMs without a request. An ended session sends the browser
// back to the login page; what it was doing is lost.

import { randomBytes } from 'node:crypto';
import type { FlashLine } from './flash.ts';

export interface Session {
  id: string;
  /** Undefined until the login succeeds. */
  user: string | undefined;
  lastSeen: number;
  /** Status lines, each for the one page that shows it ("Update successful"): flash.ts. */
  flash: FlashLine[];
  /** Where to go after logging in (the page that sent the browser to the login page). */
  returnTo: string | undefined;
}

export const SESSION_COOKIE = 'JSESSIONID';

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(): Session {
    this.sweep();
    const session: Session = { id: randomBytes(16).toString('hex').toUpperCase(), user: undefined, lastSeen: this.now(), flash: [], returnTo: undefined };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, touched; an expired one is removed. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (now - session.lastSeen > this.ttlMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = now;
    return session;
  }

  /** Drops expired sessions, so that abandoned ones (and login-page visits) do not pile up. */
  private sweep(): void {
    const now = this.now();
    for (const [id, s] of this.sessions) if (now - s.lastSeen > this.ttlMs) this.sessions.delete(id);
  }

  destroy(id: string): void {
    this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }

  /** Sessions logged in and not yet expired. */
  activeCount(): number {
    const now = this.now();
    return [...this.sessions.values()].filter((s) => s.user !== undefined && now - s.lastSeen <= this.ttlMs).length;
  }
}

export function sessionCookie(id: string): string {
  return `${SESSION_COOKIE}=${id}; Path=/ccmadmin; Secure; HttpOnly; SameSite=Lax`;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
