// The states of a file's PFS session and their moves (labs/virtual/phone/pfs/session-state.ts):
// transition() takes the moves the table lists and refuses every other, and the table
// describes a life a session can actually live (every state reachable, 'have' the end).
import assert from 'node:assert/strict';
import { SESSION_TRANSITIONS, SessionState } from '../../../../labs/virtual/phone/pfs/session-state.ts';
import type { SessionStateName } from '../../../../labs/virtual/phone/pfs/session-state.ts';

const STATES = Object.keys(SESSION_TRANSITIONS) as SessionStateName[];

function walk(path: SessionStateName[]): SessionState {
  const s = new SessionState('XID0000A102 test.sbn');
  for (const to of path) s.transition(to, 'test');
  return s;
}

describe('virtual phones: the states of a PFS session', () => {
  it('lives the usual lives: elected root, child, rejoin, reelect, TFTP fallback', () => {
    assert.equal(walk(['listening', 'claiming', 'root', 'have']).name, 'have');
    assert.equal(walk(['listening', 'yielded', 'joining', 'joining', 'member', 'have']).name, 'have');
    assert.equal(walk(['listening', 'yielded', 'yielded', 'listening', 'claiming', 'joining', 'member', 'joining', 'have']).name, 'have');
    assert.equal(walk(['joining', 'member', 'listening', 'claiming', 'root', 'have']).name, 'have');
    assert.equal(walk(['listening', 'claiming', 'joining', 'tftp', 'have']).name, 'have');
  });

  it('refuses a move the table does not list, and says which', () => {
    assert.throws(() => walk(['listening', 'claiming', 'root', 'joining']), /XID0000A102 test\.sbn: no PFS session move root -> joining/);
    assert.throws(() => walk(['joining', 'root']), /joining -> root/, 'only an election makes a root');
    assert.throws(() => walk(['listening', 'member']), /listening -> member/, 'only an ACCEPT makes a member');
    const done = walk(['tftp', 'have']);
    for (const to of STATES) assert.throws(() => done.transition(to, 'test'), /have ->/, `have -> ${to}`);
  });

  it('reaches every state from new, and every state reaches have', () => {
    const from = (s: SessionStateName) => Object.keys(SESSION_TRANSITIONS[s]) as SessionStateName[];
    const reach = (start: SessionStateName) => {
      const seen = new Set<SessionStateName>([start]);
      for (const s of seen) for (const t of from(s)) seen.add(t);
      return seen;
    };
    assert.deepEqual([...reach('new')].sort(), [...STATES].sort());
    for (const s of STATES) assert.ok(reach(s).has('have'), `${s} can still end with the file`);
  });
});
