// The CUCM application users allowed on the admin pages and AXL.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { CucmUser } from './types.ts';

// Compared as digests so that the comparison takes the same time whatever the length.
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export class Users {
  private readonly users: readonly CucmUser[];

  constructor(users: readonly CucmUser[]) {
    if (users.length === 0) throw new Error('CUCM needs at least one user');
    this.users = users.map((u) => ({ ...u }));
  }

  check(name: string, password: string): boolean {
    const user = this.users.find((u) => u.name === name);
    const ok = timingSafeEqual(digest(user?.password ?? '\u0000no-such-user'), digest(password));
    return user !== undefined && ok;
  }
}
