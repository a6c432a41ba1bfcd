// A file's hierarchy as its root keeps it, and as its members wait for it to end: the root
// places joiners (placement.ts), repeats its claim, and says DONE once its hierarchy holds
// every phone the first file's root counted (or the subnet went quiet); a member stays until
// its root's DONE, or until that root is gone (a TCP probe of its port says so).
import type { ClaimMessage, JoinRequest } from './messages.ts';
import { twinLines } from '../console-lines.ts';
import { PFS_PORT, encodeDone, encodePlace } from './messages.ts';
import { Placement } from './placement.ts';
import type { ExpectedPhones, SessionCore } from './session-core.ts';
import { afterPendingInput } from './waits.ts';

/**
 * A root whose hierarchy is still short of the phones the first file's root counted says DONE
 * anyway after this many lingerMs of phone time in which no phone of the subnet made progress
 * (no join and no election for any file, as this phone hears them): the missing phones lost
 * power, or fetched the file from TFTP without asking for a place. Not "without a join to
 * this hierarchy": on a loaded machine the phones behind spent longer than that on earlier
 * files, the root left, and they made a second root.
 */
const INCOMPLETE_HIERARCHY_LINGERS = 8;

export class Hierarchy {
  private lastRootAnswer = 0;
  /** The root that no longer needs this phone: it said DONE, or started its upgrade again (counts while it is this phone's root). */
  private releasedBy: string | undefined;
  /** This phone, as root, said DONE. */
  private doneSent = false;
  private hierarchyWatch: NodeJS.Timeout | undefined;
  /** A root this phone found gone (probeRoot), and whether a probe is under way. */
  private rootGone: string | undefined;
  private probing = false;

  /**
   * `expected`: how many phones this file's hierarchy is to hold, as far as this phone knows
   * (peer-sharing.ts asks the first file's root); `lastProgress`: when this phone last heard a
   * phone of its subnet make progress, for any file (phone time; PeerSharing).
   */
  constructor(
    private readonly s: SessionCore,
    private readonly expected: () => ExpectedPhones,
    private readonly lastProgress: () => number,
  ) {}

  /** This phone was just confirmed root (election.ts): its hierarchy starts. */
  begin(): void {
    const { s } = this;
    s.placement = new Placement(s.ctx.ip, s.maxChildren());
    s.lastJoinAt = s.ctx.now();
    s.broadcastClaim('root', '');
    this.watch();
  }

  /**
   * The root says DONE to its hierarchy once it has placed as many phones as the first file's
   * root did (every phone of the upgrade passes through every file's hierarchy) and nobody
   * joined for lingerMs (the last ones placed have connected to their parents). Until then
   * its members stay up, with their free slots, for the latecomers: phones still busy with an
   * earlier file, in the scale bench seconds behind the first ones, and otherwise left with
   * nobody to join but a new root, which fetches the file from TFTP again.
   */
  private watch(): void {
    const { s } = this;
    const { ctx } = s;
    const linger = ctx.ms('lingerMs');
    let announcedAt = ctx.now();
    // Quiet is measured in phone time and decided after reading what arrived (loop-clock.ts):
    // a root whose loop stalled found "nobody joined for a linger" with the joins of hundreds
    // of phones waiting unread in its socket, said DONE, and its members left before the
    // latecomers, who then made a second root.
    const check = () => {
      const placement = s.placement;
      if (!s.holdsHierarchy || !placement) return clearInterval(this.hierarchyWatch);
      if (this.doneSent) return;
      const now = ctx.now();
      // The root's claim, again every half lingerMs: its members know it still holds the
      // hierarchy (one that lost power says no DONE), and latecomers hear of it sooner.
      if (now - announcedAt >= linger / 2) {
        announcedAt = now;
        s.broadcastClaim('root', '');
      }
      const quiet = now - s.lastJoinAt;
      const expected = this.expected();
      const complete = expected === 'unknown' || (typeof expected === 'number' && placement.size >= expected);
      const stalled = now - Math.max(s.lastJoinAt, this.lastProgress());
      if (quiet < linger || (!complete && stalled < INCOMPLETE_HIERARCHY_LINGERS * linger)) return;
      clearInterval(this.hierarchyWatch);
      this.doneSent = true;
      s.say(twinLines['hierarchy-done-sent'].write(s.xid, placement.size, typeof expected === 'number' ? expected : undefined, s.path));
      ctx.udp.broadcast(encodeDone({ verb: 'DONE', xid: s.xid, file: s.file.name, n: placement.size }));
    };
    this.hierarchyWatch = setInterval(() => afterPendingInput(check), ctx.ms('advertMs'));
  }

  /** A claim for this file once the election is over: the root's repeats, or a latecomer's tentative claim. */
  onClaim(m: ClaimMessage, from: string): void {
    const { s } = this;
    const { ctx } = s;
    if (m.state === 'root' && from === s.rootIp) s.rootHeardAt = ctx.now();
    // A latecomer's tentative claim: the root answers with its own, at most twice per advert,
    // as long as it holds the hierarchy (also once it has the file and works on the next one).
    if (s.holdsHierarchy && m.state === 'tent') {
      const now = ctx.now();
      s.lastJoinAt = now;
      if (now - this.lastRootAnswer >= ctx.ms('advertMs') / 2) {
        this.lastRootAnswer = now;
        s.broadcastClaim('root', '');
      }
    }
  }

  /** A placement request (JOIN datagram): the root says where to connect; anybody else keeps quiet. */
  onPlacementRequest(from: string, join: JoinRequest): void {
    const { s } = this;
    if (!s.holdsHierarchy || !s.placement) return;
    s.ctx.touch();
    s.lastJoinAt = s.ctx.now();
    if (join.lost !== undefined) s.placement.gone(join.lost);
    // No slot left anywhere: no answer, the joiner asks again later (phones placed meanwhile
    // bring new slots), then tries the root over TCP, and TFTP in the end.
    const parent = s.placement.place(from, join.slots, join.attempt);
    if (parent === undefined) return;
    s.ctx.udp.unicast(encodePlace({ verb: 'PLACE', xid: s.xid, file: s.file.name, parent, attempt: join.attempt }), from);
  }

  /** A member's LEAVE datagram (the root's business only). */
  onLeave(from: string): void {
    if (this.s.holdsHierarchy) this.s.placement?.gone(from);
  }

  /** A root's DONE broadcast. */
  onDone(from: string): void {
    const { s } = this;
    if (from !== s.rootIp || this.releasedBy === from || from === s.ctx.ip) return;
    this.releasedBy = from;
    s.say(twinLines['hierarchy-done'].write(s.xid, from, s.path));
  }

  /** `from` starts its upgrade again: when it was this phone's root, no DONE will come from it. */
  onRootRestarted(from: string): void {
    if (from === this.s.rootIp && from !== this.s.ctx.ip) this.releasedBy = from;
  }

  /**
   * Nobody needs this phone to stay for this file: its root said DONE (this phone's own, if
   * it is the root), or there is no root to say it: none known, or gone (lost power). Gone is
   * not "not heard for three lingerMs": a root whose process is slow repeats its claim late,
   * and its members left while latecomers still came, who then made a second root (issue
   * 15). A root not heard for that long is asked whether it is there (probeRoot): a TCP
   * connection to its port 4051, which the kernel completes however busy the root's loop is,
   * and which a root that lost power refuses.
   */
  get released(): boolean {
    const { s } = this;
    if (s.placement) return this.doneSent || !s.holdsHierarchy;
    const root = s.rootIp;
    if (root === undefined || this.releasedBy === root || this.rootGone === root) return true;
    if (s.ctx.now() - s.rootHeardAt > 3 * s.ctx.ms('lingerMs')) this.probeRoot(root);
    return false;
  }

  /**
   * This phone still waits for its root's DONE, and that root is there: it is this phone, or
   * it was heard (or took a probe's connection) within three lingerMs. The phone's cap on
   * waiting for DONE (phone.ts) does not apply then.
   */
  get waitsOnLiveRoot(): boolean {
    if (this.released) return false;
    return this.s.placement !== undefined || this.s.ctx.now() - this.s.rootHeardAt <= 3 * this.s.ctx.ms('lingerMs');
  }

  /** Is `root` there? Heard (rootHeardAt) when it takes a connection; gone when it refuses, or does not answer within three lingerMs. */
  private probeRoot(root: string): void {
    if (this.probing) return;
    this.probing = true;
    const { s } = this;
    const { ctx } = s;
    const socket = ctx.net.connectTcp(ctx.ip, root, PFS_PORT);
    s.sockets.add(socket);
    const end = (there: boolean) => {
      if (!this.probing) return;
      this.probing = false;
      socket.destroy();
      s.sockets.delete(socket);
      if (there) s.rootHeardAt = ctx.now();
      else this.rootGone = root;
    };
    socket.setTimeout(3 * ctx.ms('lingerMs'), () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
  }

  /** Phones this root has placed, itself included; undefined on other phones. */
  get size(): number | undefined {
    return this.s.holdsHierarchy ? this.s.placement?.size : undefined;
  }

  /** Power lost: the root's watch stops. */
  shutdown(): void {
    clearInterval(this.hierarchyWatch);
  }
}
