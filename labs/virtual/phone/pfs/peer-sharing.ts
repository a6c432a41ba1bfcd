// A phone's PFS endpoint for one upgrade: UDP 4051 (broadcast claims, unicast accepts) and
// the TCP 4051 server, routing each message to the per-file session it is for. Opened when
// an upgrade with PFS on starts, closed when the phone reboots or loses power.
import type { Server, Socket } from 'node:net';
import type { ManifestFile } from '../../tftp/loads-manifest.ts';
import type { BroadcastPort, PeerDatagram } from '../net-stack.ts';
import type { PfsContext } from './context.ts';
import { FileSession } from './file-session.ts';
import type { ExpectedPhones } from './file-session.ts';
import { PFS_PORT, decodeAccept, decodeClaim, decodeDone, decodeHeader, decodeJoinRequest, decodeLeave, decodePlace, decodeTally, encodeHeader, encodeTally } from './messages.ts';
import { PeerStream } from './line-reader.ts';

export class PeerSharing {
  private readonly sessions = new Map<string, FileSession>();
  private server: Server | undefined;
  private udp: BroadcastPort | undefined;
  private readonly open = new Set<Socket>();
  /** The session of the load's first file: its root counts every phone of the upgrade. */
  private first: FileSession | undefined;
  /** The first file's root's last TALLY answer. */
  private firstTally: { root: string; n: number } | undefined;
  /**
   * Root claims heard for files this phone has not reached yet: file -> root and when its
   * claim was last read. A phone reaching such a file joins that root instead of electing
   * (FileSession.obtain). Without it, a latecomer elected from scratch and learnt of the
   * root only from its answer to the latecomer's tentative claim: a round trip through the
   * root's event loop, which the latecomer's own advert timers raced; in the scale bench, a
   * root process busy for a few hundred ms made a second root of a latecomer that fetched
   * the file over the WAN again. The root repeats its claim until DONE, so every phone of the
   * subnet has read it long before it reaches the file, whatever its own loop's lag.
   */
  private readonly rootsHeard = new Map<string, { ip: string; at: number }>();
  /**
   * When another phone of the subnet was last heard making progress (phone time): a tentative
   * claim, a placement request, an ACCEPT or a PLACE, a TCP join, for any file. A root short
   * of phones gives up waiting only after a long time without any (Hierarchy.watch in hierarchy.ts).
   */
  private lastProgress = 0;
  /**
   * When a root's claim for a file of this phone's load was last heard (phone time). A root
   * repeats its claim until DONE: phones are still being placed in that file's hierarchy, and
   * will come to the later files. Only earlier files count for a root (progressFor): two
   * short roots that counted each other's claims would wait for ever.
   */
  private readonly rootClaimHeardAt = new Map<string, number>();

  private constructor(private readonly base: Omit<PfsContext, 'udp'>) {}

  static async start(ctx: Omit<PfsContext, 'udp'>, cidr: string): Promise<PeerSharing> {
    const s = new PeerSharing(ctx);
    s.server = await ctx.net.listenTcp(ctx.ip, PFS_PORT, (sock) => s.onConnection(sock));
    s.udp = await ctx.net.openBroadcast(ctx.ip, cidr, PFS_PORT, (d) => s.onDatagram(d));
    ctx.signal.addEventListener('abort', () => s.close(), { once: true });
    return s;
  }

  session(file: ManifestFile, index: number): FileSession {
    let s = this.sessions.get(file.name);
    if (!s) {
      if (!this.udp) throw new Error('PFS port not open');
      const heard = this.rootsHeard.get(file.name);
      this.rootsHeard.delete(file.name);
      s = new FileSession({ ...this.base, udp: this.udp }, file, index, index === 0 ? undefined : () => this.expectedPhones(), heard, () => this.progressFor(index));
      this.sessions.set(file.name, s);
      if (index === 0) this.first = s;
    }
    return s;
  }

  /** When phones were last heard making progress that will bring them to the load's file `index` (see lastProgress). */
  private progressFor(index: number): number {
    let at = this.lastProgress;
    for (const [i, s] of [...this.sessions.values()].entries()) {
      if (i < index) at = Math.max(at, this.rootClaimHeardAt.get(s.file.name) ?? 0);
    }
    return at;
  }

  /** Some child still waits for, or is being sent, a file. */
  busy(): boolean {
    return [...this.sessions.values()].some((s) => s.busy());
  }

  /**
   * Some file's DONE is still to come from a root that is there: this phone itself (its
   * hierarchy's latecomers still need it; its wait ends by the rules of Hierarchy.watch in
   * hierarchy.ts), or a root heard lately. The phone's own cap on waiting for DONE (phone.ts) is for
   * roots that lost power; roots and members that left on that cap on a loaded machine
   * abandoned the phones still coming, and those made a second root (issue 15).
   */
  waitsOnLiveRoot(): boolean {
    return [...this.sessions.values()].some((s) => s.hierarchy.waitsOnLiveRoot);
  }

  /** Every file's root said DONE (see Hierarchy.watch in hierarchy.ts): nobody needs this phone to stay. */
  released(): boolean {
    return [...this.sessions.values()].every((s) => s.hierarchy.released);
  }

  /**
   * How many phones take part in this upgrade, as the first file's root counts them: this
   * phone's own count when it is that root, else the root's last TALLY answer ('asking'
   * until one came; a new question goes out with each call: a root asks about once an
   * advert period).
   */
  private expectedPhones(): ExpectedPhones {
    const first = this.first;
    if (!first) return 'unknown';
    const own = first.hierarchy.size;
    if (own !== undefined) return own;
    const root = first.rootIp;
    if (root === undefined || root === this.base.ip) return 'unknown';
    this.udp?.unicast(encodeTally({ verb: 'TALLY', xid: first.xid, file: first.file.name }), root);
    return this.firstTally?.root === root ? this.firstTally.n : 'asking';
  }

  private onTally(from: string, file: string, n: number | undefined): void {
    const session = this.sessions.get(file);
    if (n === undefined) {
      const size = session?.hierarchy.size;
      if (session && size !== undefined) this.udp?.unicast(encodeTally({ verb: 'TALLY', xid: session.xid, file, n: size }), from);
      return;
    }
    if (session === this.first && from === session?.rootIp) this.firstTally = { root: from, n: Math.max(n, this.firstTally?.root === from ? this.firstTally.n : 0) };
  }

  private sameHierarchy(model: string): boolean {
    // Models never mix, unless the cross-model-answer fault makes this phone ignore the model.
    return model === this.base.model || this.base.fault('cross-model-answer');
  }

  private onDatagram(d: PeerDatagram): void {
    const progress = () => {
      if (d.from !== this.base.ip) this.lastProgress = this.base.now();
    };
    const claim = decodeClaim(d.data);
    if (claim) {
      if (claim.state === 'tent') progress();
      if (!this.sameHierarchy(claim.model)) return;
      if (claim.state === 'root' && d.from !== this.base.ip) this.rootClaimHeardAt.set(claim.file, this.base.now());
      const session = this.sessions.get(claim.file);
      session?.onClaim(claim, d.from);
      if (!session && claim.state === 'root') this.rootsHeard.set(claim.file, { ip: d.from, at: this.base.now() });
      // A tentative claim for the load's first file comes only from a phone that starts its
      // upgrade: when it was a root of ours, it lost power, and with it its hierarchies.
      if (claim.state === 'tent' && claim.file === this.first?.file.name) {
        for (const s of this.sessions.values()) s.onRootRestarted(d.from);
        for (const [file, r] of this.rootsHeard) if (r.ip === d.from) this.rootsHeard.delete(file);
      }
      return;
    }
    const accept = decodeAccept(d.data);
    if (accept) return void (progress(), this.sessions.get(accept.file)?.onAcceptDatagram(d.from, accept.path));
    const join = decodeJoinRequest(d.data);
    if (join) {
      progress();
      if (this.sameHierarchy(join.model)) this.sessions.get(join.file)?.onPlacementRequest(d.from, join);
      return;
    }
    const place = decodePlace(d.data);
    if (place) return void (progress(), this.sessions.get(place.file)?.onPlace(d.from, place.parent, place.attempt));
    const leave = decodeLeave(d.data);
    if (leave) return void this.sessions.get(leave.file)?.onLeave(d.from);
    const done = decodeDone(d.data);
    if (done) {
      // A root that said DONE may reboot any time now: a phone still to reach that file elects.
      if (this.rootsHeard.get(done.file)?.ip === d.from) this.rootsHeard.delete(done.file);
      return void this.sessions.get(done.file)?.onDone(d.from);
    }
    const tally = decodeTally(d.data);
    if (tally) this.onTally(d.from, tally.file, tally.n);
  }

  /** The upgrade is done and the phone reboots: each file's root hears it, so that it places nobody here any more. */
  leave(): void {
    for (const s of this.sessions.values()) s.leave();
  }

  private onConnection(socket: Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    socket.on('error', () => {});
    const from = socket.remoteAddress?.replace(/^::ffff:/, '') ?? '';
    const stream = new PeerStream(socket);
    socket.setTimeout(10_000, () => socket.destroy());
    void stream
      .line()
      .catch(() => undefined)
      .then((line) => {
        socket.setTimeout(0);
        const h = line === undefined ? undefined : decodeHeader(line);
        if (h?.verb !== 'JOIN') return void socket.destroy();
        this.lastProgress = this.base.now();
        const session = this.sessions.get(h.file);
        if (!session || !this.sameHierarchy(h.model)) {
          socket.end(encodeHeader({ verb: 'REFUSE', reason: session ? 'other-model' : 'no-such-file' }));
          return;
        }
        session.onJoin(socket, from, h.slots);
      });
  }

  close(): void {
    for (const s of this.sessions.values()) s.shutdown();
    for (const s of this.open) s.destroy();
    this.server?.close();
    this.udp?.close();
    this.server = undefined;
    this.udp = undefined;
  }
}
