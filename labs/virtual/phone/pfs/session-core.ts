// What the role files of one file's PFS session share (election.ts, joining.ts, serving.ts,
// hierarchy.ts, file-session.ts): the file, the phone, the session's state (session-state.ts),
// where this phone stands in the hierarchy, and the few helpers every role uses. It holds
// facts, not protocol: each role's own bookkeeping stays in its file.
import { createHash, randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ManifestFile } from '../../tftp/loads-manifest.ts';
import type { ConsoleLine } from '../console-lines.ts';
import { publishedLines } from '../console-lines.ts';
import type { PfsContext } from './context.ts';
import { encodeClaim } from './messages.ts';
import type { Placement } from './placement.ts';
import { SessionState } from './session-state.ts';

/**
 * How many phones a file's hierarchy is to hold: the first file's root's count, 'asking'
 * (that root has not answered yet), or 'unknown' (there is no such root to ask: this is the
 * first file, or this phone took it from TFTP).
 */
export type ExpectedPhones = number | 'asking' | 'unknown';

export interface Child {
  ip: string;
  socket: Socket;
  slot: number;
  fd: number;
  /** Phones in its subtree as far as this parent knows (itself + those redirected to it). */
  subtree: number;
  state: 'waiting' | 'sending' | 'done';
}

export class SessionCore {
  readonly xid: string;
  /** The file's map value in claims: the first 8 hex digits of its name's SHA-256. */
  readonly map: string;
  readonly state: SessionState;
  content: Buffer | undefined;
  rootIp: string | undefined;
  parent: string | undefined;
  /** The parent whose copy this phone kept (PFS only). */
  fedBy: string | undefined;
  /** How the phone got the file: for its own report. */
  via: 'tftp-root' | 'pfs' | 'tftp-fallback' | undefined;
  readonly children: Child[] = [];
  /** Every socket of this session: a power loss destroys them all at once. */
  readonly sockets = new Set<Socket>();
  /** Root first, parent last, as the parent's ACCEPT said; [] for a root. */
  ancestors: string[] = [];
  parentFd = -1;
  /** The root's map of its hierarchy (placement.ts); undefined on other phones. */
  placement: Placement | undefined;
  /** Last placement request, TCP join or latecomer's claim for this file (phone time): the root's DONE waits for quiet. */
  lastJoinAt: number;
  /** When this phone last heard its root's claim, in phone time (a root repeats it until DONE: see hierarchy.ts). */
  rootHeardAt = 0;
  /**
   * Numbers this phone's placement requests: a rejoin is a new request, a resend is not. It
   * starts anywhere: the root remembers its answers, and a phone that rebooted asks anew.
   */
  placeAttempt = randomInt(0, 2 ** 31);
  /** The parent this phone's JOIN is waiting on (joining.ts; a joiner serving.ts parks must not be that one). */
  joiningVia: string | undefined;

  constructor(
    readonly ctx: PfsContext,
    readonly file: ManifestFile,
    index: number,
  ) {
    // Transaction id: the MAC's last three bytes and the file's index in the load [ours].
    this.xid = `XID${ctx.mac.slice(6)}${index.toString(16).toUpperCase().padStart(2, '0')}`;
    this.map = createHash('sha256').update(file.name).digest('hex').slice(0, 8);
    this.state = new SessionState(`${this.xid} ${file.name}`);
    this.lastJoinAt = ctx.now();
  }

  get path(): string {
    return `/dnld/${this.file.name}`;
  }

  /** This phone is the file's root (an elected root that is still waiting or fetching, or has the file from TFTP). */
  get holdsHierarchy(): boolean {
    return this.state.is('root') || (this.state.is('have') && this.via === 'tftp-root');
  }

  /** How many children this phone takes: two, three with the third-child fault. */
  maxChildren(): number {
    return this.ctx.fault('third-child') ? 3 : 2;
  }

  say(line: ConsoleLine): void {
    this.ctx.log(line[0], line[1]);
  }

  logSlots(): void {
    const fds = [0, 1].map((s) => this.children.find((c) => c.slot === s)?.fd ?? -1);
    this.say(publishedLines.slots(this.parentFd, fds[0] ?? -1, fds[1] ?? -1, this.children.length >= 2));
  }

  /** `strength`: 8 hex digits; a root's claim says ffffffff. */
  broadcastClaim(state: 'tent' | 'root', strength: string): void {
    this.ctx.udp.broadcast(encodeClaim({ verb: 'CLAIM', xid: this.xid, model: this.ctx.model, file: this.file.name, state, strength: state === 'root' ? 'ffffffff' : strength, map: this.map }));
  }

  checkPower(): void {
    if (this.ctx.signal.aborted) throw new Error('power lost');
  }
}
