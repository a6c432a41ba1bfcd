// One file's PFS hierarchy as one phone takes part in it (pfs-reference §2; the virtual
// lab's protocol, WIRE-FORMAT.md): elect a root for (model, file) by random strength, then
// either fetch the file from TFTP as root, or join a parent over TCP 4051 (redirected down
// the tree when the parent is full) and get the whole file from it; serve at most two
// children, only once the file is complete and verified. A lost parent means rejoin
// through the root, a lost root means a new election, and after that TFTP.
//
// This file ties the roles together and routes the messages PeerSharing hands it; each role
// is a file of its own: the states and their moves (session-state.ts), election.ts,
// joining.ts (as a child, and again after a lost parent), serving.ts (children, parking,
// early forward), hierarchy.ts (a root's hierarchy and DONE; a member's wait for it).
import type { Socket } from 'node:net';
import type { ManifestFile } from '../../tftp/loads-manifest.ts';
import { publishedLines, twinLines } from '../console-lines.ts';
import type { PfsContext } from './context.ts';
import { Election } from './election.ts';
import { Hierarchy } from './hierarchy.ts';
import { Joining } from './joining.ts';
import type { ClaimMessage, JoinRequest } from './messages.ts';
import { PFS_PORT } from './messages.ts';
import { Serving } from './serving.ts';
import { SessionCore } from './session-core.ts';
import type { ExpectedPhones } from './session-core.ts';
import { sleep } from './waits.ts';

export type { ExpectedPhones } from './session-core.ts';

export class FileSession {
  readonly xid: string;
  readonly file: ManifestFile;
  private readonly s: SessionCore;
  private readonly election: Election;
  private readonly joining: Joining;
  private readonly serving: Serving;
  /** The file's hierarchy as PeerSharing asks about it: released, waitsOnLiveRoot, size (hierarchy.ts). */
  readonly hierarchy: Hierarchy;

  /**
   * `expected`: how many phones this file's hierarchy is to hold, as far as this phone knows
   * (the first file's root's count; peer-sharing.ts asks it); 'unknown' for the first file.
   */
  constructor(
    ctx: PfsContext,
    file: ManifestFile,
    index: number,
    expected: () => ExpectedPhones = () => 'unknown',
    /** The root's claim for this file, read before this phone reached it (peer-sharing.ts says why). */
    private readonly heardRoot?: { ip: string; at: number },
    /** When this phone last heard a phone of its subnet make progress, for any file (phone time; PeerSharing). */
    lastProgress: () => number = () => 0,
  ) {
    this.s = new SessionCore(ctx, file, index);
    this.xid = this.s.xid;
    this.file = file;
    this.hierarchy = new Hierarchy(this.s, expected, lastProgress);
    this.serving = new Serving(this.s);
    this.election = new Election(this.s, () => this.hierarchy.begin());
    this.joining = new Joining(this.s, () => this.serving.unpark());
    ctx.signal.addEventListener('abort', () => this.shutdown(), { once: true });
  }

  get rootIp(): string | undefined {
    return this.s.rootIp;
  }
  /** The parent whose copy this phone kept (PFS only). */
  get fedBy(): string | undefined {
    return this.s.fedBy;
  }
  /** How the phone got the file: for its own report. */
  get via(): 'tftp-root' | 'pfs' | 'tftp-fallback' | undefined {
    return this.s.via;
  }

  async obtain(): Promise<Buffer> {
    const { s } = this;
    const { ctx } = s;
    s.say(publishedLines.listening(ctx.nextFd(), PFS_PORT));
    s.say(publishedLines.udpPortOpened());
    s.logSlots();
    let target: string | undefined;
    // A root already heard is joined without an election: see PeerSharing.rootsHeard. Not
    // "heard lately": a root's repeated claims stop reaching this phone while the root's
    // process (or this one's) is stalled, and an election then made a second root under load.
    // What ends a heard root is content: its DONE or its restart (PeerSharing forgets it), or
    // its port refusing this phone's join (it lost power): the usual lost-root path, a new
    // election, slower by one placement wait.
    const heard = this.heardRoot;
    if (heard && heard.ip !== ctx.ip) {
      s.say(twinLines['root-heard'].write(s.xid, heard.ip, ctx.model, s.path, true));
      target = s.rootIp = heard.ip;
      s.rootHeardAt = heard.at;
    }
    return this.joining.obtain(target, {
      elect: () => this.election.elect(),
      asRoot: () => this.runRoot(),
      fallback: (reason) => this.fallback(reason),
      have: (content, taken) => this.have(content, taken),
    });
  }

  private async runRoot(): Promise<Buffer> {
    const { s } = this;
    const { ctx } = s;
    s.ancestors = [];
    await sleep(ctx.ms('rootWaitMs'), ctx.signal);
    s.say(publishedLines.xfrCmd(s.xid));
    const early = ctx.fault('early-forward');
    // early-forward: the root starts its TFTP read once a child is connected (or after
    // yieldWaitMs), so that it forwards a file it does not have yet for every file it roots.
    // Without the wait, a small file's read could end before any child connected: the fault
    // would not happen at all for that file, and the capture rightly would not show it.
    if (early) await this.serving.firstChildOrAfter(ctx.ms('yieldWaitMs'));
    const content = await ctx.tftpFetch(s.file.name, early ? (c) => this.serving.onEarlyChunk(c) : undefined);
    s.checkPower();
    const why = ctx.verify(s.file, content);
    if (why) {
      s.say(twinLines['tftp-rejected'].write(s.xid, s.path, why));
      throw new Error(`${s.file.name}: ${why}`);
    }
    s.via = 'tftp-root';
    return this.have(content, false, 'the TFTP copy arrived and was verified');
  }

  private async fallback(reason: string): Promise<Buffer> {
    const { s } = this;
    const { ctx } = s;
    s.state.transition('tftp', reason);
    s.say(twinLines['tftp-fallback'].write(s.xid, s.path, reason));
    const content = await ctx.tftpFetch(s.file.name);
    s.checkPower();
    const why = ctx.verify(s.file, content);
    if (why) throw new Error(`${s.file.name} from TFTP: ${why}`);
    s.via = 'tftp-fallback';
    return this.have(content, false, 'the TFTP fallback copy arrived and was verified');
  }

  private have(content: Buffer, taken: boolean, why = "the parent's copy arrived and was verified"): Buffer {
    const { s } = this;
    content = s.ctx.keep(s.file.sha256, content, taken);
    s.content = content;
    s.state.transition('have', why);
    this.serving.sendWaiting();
    this.serving.unpark();
    return content;
  }

  /** Children still waiting for the file or being sent it. */
  busy(): boolean {
    return this.serving.busy();
  }

  /** A claim for this file by another phone of this hierarchy (the phone routes by model and file). */
  onClaim(m: ClaimMessage, from: string): void {
    this.s.ctx.touch();
    if (this.election.deciding) this.election.onClaim(m, from);
    else this.hierarchy.onClaim(m, from);
  }

  /** A placement request (JOIN datagram): the root says where to connect; anybody else keeps quiet. */
  onPlacementRequest(from: string, join: JoinRequest): void {
    this.hierarchy.onPlacementRequest(from, join);
  }

  /** The root's PLACE datagram (joining.ts: only the answer to the current request counts). */
  onPlace(from: string, parent: string, attempt?: number): void {
    this.joining.onPlace(from, parent, attempt);
  }

  /** The parent's ACCEPT datagram: this phone is now in the hierarchy and may take children. */
  onAcceptDatagram(from: string, path: string[]): void {
    this.joining.onAcceptDatagram(from, path);
  }

  /** A JOIN for this file on the phone's TCP 4051 server. */
  onJoin(socket: Socket, from: string, slots = 2): void {
    this.serving.onJoin(socket, from, slots);
  }

  /** A member's LEAVE datagram (the root's business only). */
  onLeave(from: string): void {
    this.hierarchy.onLeave(from);
  }

  /** A root's DONE broadcast. */
  onDone(from: string): void {
    this.hierarchy.onDone(from);
  }

  /** `from` starts its upgrade again: when it was this phone's root, no DONE will come from it. */
  onRootRestarted(from: string): void {
    this.hierarchy.onRootRestarted(from);
  }

  /** Rebooting with the file: the root forgets this phone (its placement would send joiners into the void). */
  leave(): void {
    this.joining.leave();
  }

  /** Power lost: every timer and socket goes, at once. */
  shutdown(): void {
    this.election.shutdown();
    this.hierarchy.shutdown();
    this.serving.shutdown();
    for (const socket of this.s.sockets) socket.destroy();
    this.s.sockets.clear();
  }
}
