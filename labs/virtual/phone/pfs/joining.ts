// A phone joining a file's hierarchy as a child, and joining again when its parent dies: it
// asks the root for a place (UDP), then joins the parent it was given over TCP 4051 and takes
// the whole file from it (join-chain.ts: one join, its REDIRECTs and REFUSEs). A lost parent
// means a rejoin through the root; a lost root a new election; a corrupt copy, or no parent
// after MAX_ATTEMPTS, the TFTP fallback. The rules of those choices are all in obtain() below.
import { twinLines } from '../console-lines.ts';
import type { ElectionResult } from './election.ts';
import { JoinChain, MAX_HOPS } from './join-chain.ts';
import { encodeJoinRequest, encodeLeave } from './messages.ts';
import type { SessionCore } from './session-core.ts';
import { within } from './waits.ts';

/** What joining hands back to the session (file-session.ts). */
export interface JoinEnds {
  elect(): Promise<ElectionResult>;
  /** This phone won the election: it fetches the file as root. */
  asRoot(): Promise<Buffer>;
  fallback(reason: string): Promise<Buffer>;
  /** A parent's copy, verified: the session keeps it (`taken`: it is the receive buffer). */
  have(content: Buffer, taken: boolean): Buffer;
}

const MAX_ATTEMPTS = 4;

export class Joining {
  private readonly chain: JoinChain;
  /** Waits for the root's PLACE answer to this phone's placement request (the request's `try`). */
  private placeWaiter: { attempt: number; resolve: (parent: string) => void } | undefined;

  /** `placed`: this phone has its place in the hierarchy (serving.ts answers the joiners it parked). */
  constructor(
    private readonly s: SessionCore,
    private readonly placed: () => void,
  ) {
    this.chain = new JoinChain(s, (parent, path) => this.onAccepted(parent, path));
  }

  /** Gets the file from a parent, starting at the root `target` (undefined: elect one first). */
  async obtain(first: string | undefined, ends: JoinEnds): Promise<Buffer> {
    const { s } = this;
    const { ctx } = s;
    let target = first;
    let lostParent: string | undefined;
    let unreachable = 0;
    let silences = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (target === undefined) {
        const e = await ends.elect();
        s.checkPower();
        if (e.root) return ends.asRoot();
        target = s.rootIp = e.rootIp;
        s.rootHeardAt = ctx.now();
      }
      if (ctx.fault('CSCus67416')) return ends.fallback('parent known, fetching from the server anyway');
      let placed = false;
      if (target === s.rootIp) {
        const parent = await this.askPlacement(target, lostParent);
        placed = parent !== undefined;
        target = parent ?? target;
      }
      const r = await this.chain.join(target);
      s.checkPower();
      if (r.kind === 'ok') {
        s.via = 'pfs';
        s.fedBy = r.parent;
        return ends.have(r.content, true);
      }
      if (r.kind === 'corrupt') return ends.fallback(`copy from ${r.parent} rejected: ${r.why}`);
      const parent = r.parent;
      const bytes = r.kind === 'unreachable' ? 0 : r.bytes;
      if (r.kind === 'silent' && parent === s.rootIp && ++silences < MAX_HOPS) {
        // The root took this phone's connection and said nothing for parentSilenceMs: it is
        // alive (a root that lost power closes its connections, or refuses new ones), only
        // slow: a busy root in the scale bench on a loaded machine. It is asked again, at no
        // cost of an attempt; electing afresh made a second root, and retries ended in TFTP.
        s.say(twinLines['root-silent'].write(s.xid, parent, bytes));
        target = parent;
        attempt--;
        continue;
      }
      if (parent !== s.rootIp && s.rootIp !== undefined) {
        s.say(twinLines['parent-lost'].write(s.xid, parent, bytes, s.rootIp));
        target = s.rootIp;
        lostParent = parent;
        // A parent the root placed this phone under that rebooted (or lost power) before its
        // LEAVE reached the root costs no attempt: the root forgets it on this phone's report
        // (up to MAX_HOPS of them). Without a placement (the root has no slot left to give)
        // it counts, so that TFTP ends the search.
        if (r.kind === 'unreachable' && placed && ++unreachable < MAX_HOPS) attempt--;
      } else {
        s.say(twinLines['parent-lost'].write(s.xid, parent, bytes));
        target = undefined;
        s.rootIp = undefined;
        lostParent = undefined;
      }
    }
    return ends.fallback('no parent after retries');
  }

  /**
   * Asks the root where to join (placement.ts says why): a JOIN datagram, resent after one
   * advert, then two, four... (a root answering a thousand phones is busy; resending faster
   * would bury it) until the root's PLACE names the parent, for up to twice yieldWaitMs.
   * `lost`: the parent this phone could not reach or lost, for the root to forget. Undefined
   * when the root does not answer: the phone then joins the root over TCP, which redirects it.
   */
  private async askPlacement(root: string, lost?: string): Promise<string | undefined> {
    const { s } = this;
    const { ctx } = s;
    s.state.transition('joining', 'ask the root for a place');
    const attempt = ++s.placeAttempt;
    s.say(twinLines['place-request'].write(s.xid, root, attempt, s.path));
    const placed = new Promise<string>((resolve) => (this.placeWaiter = { attempt, resolve }));
    const period = ctx.ms('advertMs');
    const request = encodeJoinRequest({ verb: 'JOIN', xid: s.xid, model: ctx.model, file: s.file.name, slots: s.maxChildren(), attempt, ...(lost ? { lost } : {}) });
    try {
      for (let waited = 0, wait = period; waited < 2 * ctx.ms('yieldWaitMs'); waited += wait, wait *= 2) {
        ctx.udp.unicast(request, root);
        const parent = await within(placed, wait, () => ctx.now(), ctx.signal);
        if (parent !== undefined) {
          s.say(twinLines.placed.write(s.xid, parent, s.path));
          return parent;
        }
      }
    } finally {
      this.placeWaiter = undefined;
    }
    s.say(twinLines['no-placement'].write(s.xid, root));
    return undefined;
  }

  /**
   * The root's PLACE datagram. Only the answer to the current request counts: a root whose
   * loop lags answers each resend of an earlier request late, and such a stale answer (the
   * parent this phone just found unreachable and reported lost) used to be taken for the
   * answer to the rejoin, again and again, until the phone gave up and made itself a root.
   */
  onPlace(from: string, parent: string, attempt?: number): void {
    const w = this.placeWaiter;
    if (from !== this.s.rootIp || !w) return;
    if (attempt !== undefined && attempt !== w.attempt) return;
    w.resolve(parent);
  }

  /** The parent's ACCEPT datagram: this phone is now in the hierarchy and may take children. */
  onAcceptDatagram(from: string, path: string[]): void {
    this.chain.onAcceptDatagram(from, path);
  }

  private onAccepted(parent: string, path: string[]): void {
    const { s } = this;
    if (!s.state.is('joining')) return;
    s.state.transition('member', `ACCEPT from ${parent}`);
    s.parent = parent;
    s.ancestors = path.length > 0 ? path : [parent];
    s.parentFd = s.ctx.nextFd();
    s.say(twinLines.accepted.write(s.xid, parent, s.path));
    s.logSlots();
    this.placed();
  }

  /** Rebooting with the file: the root forgets this phone (its placement would send joiners into the void). */
  leave(): void {
    const { s } = this;
    if (s.rootIp !== undefined && s.rootIp !== s.ctx.ip) s.ctx.udp.unicast(encodeLeave({ verb: 'LEAVE', xid: s.xid, file: s.file.name }), s.rootIp);
  }
}
