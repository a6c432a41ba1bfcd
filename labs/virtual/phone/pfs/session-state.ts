// The states of one file's PFS session on one phone and the only moves between them, in one
// table: a reader holds the whole life of a session in their head here, and every change of
// state goes through transition(), which refuses a move the table does not list (a bug, not
// a network event: the network's surprises are handled inside the states).
//
// In short (the table below is the whole truth, with the event of each move):
//   new -> listening -> claiming -> root -> have                  an elected root, from TFTP
//   listening | claiming -> yielded -> listening                  a stronger claim; none came
//   new | listening | claiming | yielded -> joining -> member -> have     a child
//   joining | member -> joining (rejoin), listening (the root was lost), tftp -> have

export type SessionStateName = 'new' | 'listening' | 'claiming' | 'yielded' | 'root' | 'joining' | 'member' | 'have' | 'tftp';

/** from -> to -> the event that makes that move. A move not listed throws. */
export const SESSION_TRANSITIONS: Readonly<Record<SessionStateName, Readonly<Partial<Record<SessionStateName, string>>>>> = {
  new: {
    listening: 'the phone reaches the file: election',
    joining: 'a root claim was heard before the phone reached the file: ask it for a place',
    tftp: 'CSCus67416: the root is known, the phone fetches from TFTP anyway',
  },
  listening: {
    claiming: 'one to two adverts passed without a claim heard',
    yielded: 'a claim heard while listening',
    joining: 'a root claim heard: ask it for a place',
    tftp: 'CSCus67416 after the election',
  },
  claiming: {
    yielded: 'a stronger claim heard',
    root: 'every advert went unanswered: confirmed root',
    joining: 'a root claim heard: ask it for a place',
    tftp: 'CSCus67416 after the election',
  },
  yielded: {
    yielded: 'another stronger claim heard: keep waiting',
    listening: 'no root claim within yieldWaitMs: claim again',
    joining: 'the root claim came: ask it for a place',
    tftp: 'CSCus67416 after the election',
  },
  root: {
    have: 'the TFTP copy arrived and was verified',
  },
  joining: {
    joining: 'next hop: redirected, refused, or rejoin after a lost parent',
    member: "the parent's ACCEPT",
    have: "the parent's copy arrived and was verified (before its ACCEPT was read)",
    listening: 'the lost parent was the root: reelect',
    tftp: 'a corrupt copy, or no parent after retries',
  },
  member: {
    joining: 'the parent was lost: rejoin through the root (or ask a silent root again)',
    have: "the parent's copy arrived and was verified",
    listening: 'the lost parent was the root: reelect',
    tftp: 'a corrupt copy, or no parent after retries',
  },
  tftp: {
    have: 'the TFTP fallback copy arrived and was verified',
  },
  have: {},
};

/** A session's current state; changed only through transition(). */
export class SessionState {
  private current: SessionStateName = 'new';

  constructor(private readonly label: string) {}

  get name(): SessionStateName {
    return this.current;
  }

  is(...names: SessionStateName[]): boolean {
    return names.includes(this.current);
  }

  /** Moves to `to`; `why` names the event, for the error when the table does not allow it. */
  transition(to: SessionStateName, why: string): void {
    if (SESSION_TRANSITIONS[this.current][to] === undefined) {
      throw new Error(`${this.label}: no PFS session move ${this.current} -> ${to} (${why})`);
    }
    this.current = to;
  }
}
