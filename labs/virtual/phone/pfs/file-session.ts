// One file's PFS hierarchy as one phone takes part in it (pfs-reference §2; the virtual
// lab's protocol, WIRE-FORMAT.md): elect a root for (model, file) by random strength, then
// either fetch the file from TFTP as root, or join a parent over TCP 4051 (redirected down
// the tree when the parent is full) and get the whole file from it; serve at most two
// children, only once the file is complete and verified. A lost parent means rejoin
// through the root, a lost root means a new election, and after that TFTP.
import { createHash, randomInt } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ManifestFile } from '../../tftp/loads-manifest.ts';
import type { PfsContext } from './context.ts';
import type { ClaimMessage, JoinRequest } from './messages.ts';
import { PFS_PORT, decodeHeader, encodeAccept, encodeClaim, encodeDone, encodeHeader, encodeJoinRequest, encodeLeave, encodePlace } from './messages.ts';
import { afterPhoneTime } from './loop-clock.ts';
import { PeerReceiver } from './peer-receiver.ts';
import { Placement } from './placement.ts';

type State = 'listening' | 'claiming' | 'yielded' | 'root' | 'joining' | 'member' | 'have' | 'tftp';

interface Child {
  ip: string;
  socket: Socket;
  slot: number;
  fd: number;
  /** Phones in its subtree as far as this parent knows (itself + those redirected to it). */
  subtree: number;
  state: 'waiting' | 'sending' | 'done';
}

type JoinOutcome =
  | { kind: 'ok'; content: Buffer; parent: string }
  | { kind: 'lost'; parent: string; bytes: number }
  /** Connected, then said nothing for parentSilenceMs: this phone hung up, the parent did not. */
  | { kind: 'silent'; parent: string; bytes: number }
  | { kind: 'unreachable'; parent: string }
  | { kind: 'corrupt'; parent: string; why: string };

type Election = { root: true } | { root: false; rootIp: string };

/**
 * How many phones a file's hierarchy is to hold: the first file's root's count, 'asking'
 * (that root has not answered yet), or 'unknown' (there is no such root to ask: this is the
 * first file, or this phone took it from TFTP).
 */
export type ExpectedPhones = number | 'asking' | 'unknown';

const MAX_HOPS = 32;
const MAX_ATTEMPTS = 4;
/**
 * A root whose hierarchy is still short of the phones the first file's root counted says DONE
 * anyway after this many lingerMs of phone time in which no phone of the subnet made progress
 * (no join and no election for any file, as this phone hears them): the missing phones lost
 * power, or fetched the file from TFTP without asking for a place. Not "without a join to
 * this hierarchy": on a loaded machine the phones behind spent longer than that on earlier
 * files, the root left, and they made a second root.
 */
const INCOMPLETE_HIERARCHY_LINGERS = 8;

export class FileSession {
  readonly xid: string;
  readonly file: ManifestFile;
  state: State = 'claiming';
  content: Buffer | undefined;
  rootIp: string | undefined;
  parent: string | undefined;
  /** The parent whose copy this phone kept (PFS only). */
  fedBy: string | undefined;
  /** How the phone got the file: for its own report. */
  via: 'tftp-root' | 'pfs' | 'tftp-fallback' | undefined;
  private readonly map: string;
  private strength = 0;
  private readonly children: Child[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Cancels the yielded phone's wait for a root claim (phone time: loop-clock.ts). */
  private cancelYieldWait: (() => void) | undefined;
  private electionDone: ((e: Election) => void) | undefined;
  private electionFailed: ((e: Error) => void) | undefined;
  private lastRootAnswer = 0;
  private parentFd = -1;
  private readonly acceptWaiters = new Map<string, (path: string[]) => void>();
  /** Root first, parent last, as the parent's ACCEPT said; [] for a root. */
  private ancestors: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly earlyChunks: Buffer[] = [];
  /** early-forward fault: resolves when the first child connects to this root (see runRoot). */
  private firstEarlyChild: (() => void) | undefined;
  /** Joiners that arrived while this phone still waited for its own parent's ACCEPT (`cancel`: their wait's timer). */
  private readonly parked = new Map<Socket, { from: string; slots: number; cancel: () => void }>();
  /** The root's map of its hierarchy (placement.ts); undefined on other phones. */
  private placement: Placement | undefined;
  /** Waits for the root's PLACE answer to this phone's placement request (the request's `try`). */
  private placeWaiter: { attempt: number; resolve: (parent: string) => void } | undefined;
  /**
   * Numbers this phone's placement requests: a rejoin is a new request, a resend is not. It
   * starts anywhere: the root remembers its answers, and a phone that rebooted asks anew.
   */
  private placeAttempt = randomInt(0, 2 ** 31);
  /** Where copies from parents land; kept across hops and attempts (peer-receiver.ts). */
  private receiveBuffer: Buffer | undefined;
  /** Last placement request, TCP join or latecomer's claim for this file (phone time): the root's DONE waits for quiet. */
  private lastJoinAt: number;
  /** The root that no longer needs this phone: it said DONE, or started its upgrade again (counts while it is this phone's root). */
  private releasedBy: string | undefined;
  /** This phone, as root, said DONE. */
  private doneSent = false;
  private hierarchyWatch: NodeJS.Timeout | undefined;
  /** When this phone last heard its root's claim, in phone time (a root repeats it until DONE: see watchHierarchy). */
  private rootHeardAt = 0;
  /** The parent this phone's JOIN is waiting on (a joiner it parks must not be that one). */
  private joiningVia: string | undefined;
  /** A root this phone found gone (probeRoot), and whether a probe is under way. */
  private rootGone: string | undefined;
  private probing = false;

  /**
   * `expected`: how many phones this file's hierarchy is to hold, as far as this phone knows
   * (the first file's root's count; peer-sharing.ts asks it); 'unknown' for the first file.
   */
  constructor(
    private readonly ctx: PfsContext,
    file: ManifestFile,
    index: number,
    private readonly expected: () => ExpectedPhones = () => 'unknown',
    /** The root's claim for this file, read before this phone reached it (peer-sharing.ts says why). */
    private readonly heardRoot?: { ip: string; at: number },
    /** When this phone last heard a phone of its subnet make progress, for any file (phone time; PeerSharing). */
    private readonly lastProgress: () => number = () => 0,
  ) {
    this.file = file;
    // Transaction id: the MAC's last three bytes and the file's index in the load [ours].
    this.xid = `XID${ctx.mac.slice(6)}${index.toString(16).toUpperCase().padStart(2, '0')}`;
    this.map = createHash('sha256').update(file.name).digest('hex').slice(0, 8);
    this.lastJoinAt = ctx.now();
    ctx.signal.addEventListener('abort', () => this.shutdown(), { once: true });
  }

  private get path(): string {
    return `/dnld/${this.file.name}`;
  }

  /** Children still waiting for the file or being sent it. */
  busy(): boolean {
    return this.children.some((c) => c.state !== 'done');
  }

  async obtain(): Promise<Buffer> {
    const { ctx } = this;
    const fd = ctx.nextFd();
    ctx.log('DBG', `+++ fd=${fd} Listening on peer TCP port ${PFS_PORT}`);
    ctx.log('NOT', '^.idl_child.c-openUDPPort');
    this.logSlots();
    let target: string | undefined;
    let lostParent: string | undefined;
    let unreachable = 0;
    let silences = 0;
    // A root already heard is joined without an election: see PeerSharing.rootsHeard. Not
    // "heard lately": a root's repeated claims stop reaching this phone while the root's
    // process (or this one's) is stalled, and an election then made a second root under load.
    // What ends a heard root is content: its DONE or its restart (PeerSharing forgets it), or
    // its port refusing this phone's join (it lost power): the usual lost-root path, a new
    // election, slower by one placement wait.
    const heard = this.heardRoot;
    if (heard && heard.ip !== ctx.ip) {
      ctx.log('INF', `${this.xid} RxBdcst ClaimRoot(root) ROOT=${heard.ip} m=${ctx.model} ${this.path} (heard before this file)`);
      target = this.rootIp = heard.ip;
      this.rootHeardAt = heard.at;
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (target === undefined) {
        const e = await this.elect();
        this.checkPower();
        if (e.root) return this.runRoot();
        target = this.rootIp = e.rootIp;
        this.rootHeardAt = ctx.now();
      }
      if (ctx.fault('CSCus67416')) return this.fallback('parent known, fetching from the server anyway');
      let placed = false;
      if (target === this.rootIp) {
        const parent = await this.askPlacement(target, lostParent);
        placed = parent !== undefined;
        target = parent ?? target;
      }
      const r = await this.joinChain(target);
      this.checkPower();
      if (r.kind === 'ok') {
        this.via = 'pfs';
        this.fedBy = r.parent;
        this.receiveBuffer = undefined;
        return this.have(r.content, true);
      }
      if (r.kind === 'corrupt') return this.fallback(`copy from ${r.parent} rejected: ${r.why}`);
      const parent = r.parent;
      const bytes = r.kind === 'unreachable' ? 0 : r.bytes;
      if (r.kind === 'silent' && parent === this.rootIp && ++silences < MAX_HOPS) {
        // The root took this phone's connection and said nothing for parentSilenceMs: it is
        // alive (a root that lost power closes its connections, or refuses new ones), only
        // slow: a busy root in the scale bench on a loaded machine. It is asked again, at no
        // cost of an attempt; electing afresh made a second root, and retries ended in TFTP.
        ctx.log('WRN', `${this.xid} Root ${parent} silent after ${bytes} bytes: ask it again`);
        target = parent;
        attempt--;
        continue;
      }
      if (parent !== this.rootIp && this.rootIp !== undefined) {
        ctx.log('WRN', `${this.xid} Parent ${parent} lost after ${bytes} bytes: rejoin ROOT=${this.rootIp}`);
        target = this.rootIp;
        lostParent = parent;
        // A parent the root placed this phone under that rebooted (or lost power) before its
        // LEAVE reached the root costs no attempt: the root forgets it on this phone's report
        // (up to MAX_HOPS of them). Without a placement (the root has no slot left to give)
        // it counts, so that TFTP ends the search.
        if (r.kind === 'unreachable' && placed && ++unreachable < MAX_HOPS) attempt--;
      } else {
        ctx.log('WRN', `${this.xid} Parent ${parent} lost after ${bytes} bytes: reelect`);
        target = undefined;
        this.rootIp = undefined;
        lostParent = undefined;
      }
    }
    return this.fallback('no parent after retries');
  }

  private checkPower(): void {
    if (this.ctx.signal.aborted) throw new Error('power lost');
  }

  // ---- election ---------------------------------------------------------------------

  private elect(): Promise<Election> {
    return new Promise<Election>((resolve, reject) => {
      this.electionDone = resolve;
      this.electionFailed = reject;
      this.listen();
    });
  }

  /**
   * Listens for one to two advert periods before claiming (the published log shows ~0.5 s
   * between opening the port and the first claim): a phone that hears a claim in that time
   * never claims (see onClaim), so a thousand phones booting together send a handful of
   * claims, not a thousand.
   */
  private listen(): void {
    this.state = 'listening';
    this.strength = randomInt(1, 0xffffffff);
    const advert = this.ctx.ms('advertMs');
    this.timer = setTimeout(() => afterPendingInput(() => this.claim()), advert + Math.random() * advert);
  }

  /**
   * Claims, then adverts until `adverts` of them went unanswered. Every decision waits until
   * what already arrived was read (afterPendingInput): many phones share one event loop in
   * loopback mode, a loop busy with transfers runs timers late, and Node runs due timers
   * before it reads sockets, so a late timer would otherwise confirm a root before reading
   * the stronger claim (or the root claim) that came in meanwhile, and the subnet would get
   * two roots; and an advert period that ran late does not count (see tick). A real phone,
   * with a CPU of its own, has no such lag.
   */
  private claim(): void {
    const { ctx } = this;
    if (this.state !== 'listening') return;
    this.state = 'claiming';
    ctx.log('NOT', '^.idl_protocol.c-sendBroadcastOffer');
    ctx.log('INF', `${this.xid} TxBdcst ClaimRoot(tent): map=${this.map} strength=${hex8(this.strength)}`);
    this.broadcastClaim('tent');
    const period = ctx.ms('advertMs');
    let adverts = 0;
    let lateTicks = 0;
    let due = performance.now() + period;
    const tick = () => {
      if (this.state !== 'claiming') return;
      // A period that ran more than a period late was deaf for a while (its rival, deaf too,
      // may not have heard it): it does not count, up to `adverts` such periods.
      const late = performance.now() - due > period && lateTicks++ < ctx.adverts;
      due = performance.now() + period;
      ctx.log('NOT', '^.idl_timeout.c-doTimeout');
      ctx.log('DBG', `Timeout ${this.xid} hier=ClaimRoot(tent)`);
      if (late || adverts < ctx.adverts) {
        if (!late) adverts++;
        ctx.log('NOT', '^.idl_protocol.c-sendBroadcastOffer');
        ctx.log('INF', `${this.xid} TxBdcst Ad ${adverts}: ClaimRoot(tent)`);
        this.broadcastClaim('tent');
        this.timer = setTimeout(() => afterPendingInput(tick), period);
        return;
      }
      ctx.log('NOT', 'UT:Confirmed root bumping strength');
      const h = createHash('sha256').update(`${this.xid}${this.strength}`).digest('hex').slice(0, 8);
      ctx.log('NOT', `@@@HROOT:${this.xid} H=${h} m=${ctx.model} ROOT=${ctx.ip} ${this.path}`);
      this.state = 'root';
      this.rootIp = ctx.ip;
      this.placement = new Placement(ctx.ip, this.maxChildren());
      this.lastJoinAt = ctx.now();
      this.broadcastClaim('root');
      this.watchHierarchy();
      this.settleElection({ root: true });
    };
    this.timer = setTimeout(() => afterPendingInput(tick), period);
  }

  private settleElection(e: Election): void {
    clearTimeout(this.timer);
    this.cancelYieldWait?.();
    const done = this.electionDone;
    this.electionDone = this.electionFailed = undefined;
    done?.(e);
  }

  private broadcastClaim(state: 'tent' | 'root'): void {
    this.ctx.udp.broadcast(
      encodeClaim({
        verb: 'CLAIM',
        xid: this.xid,
        model: this.ctx.model,
        file: this.file.name,
        state,
        strength: state === 'root' ? 'ffffffff' : hex8(this.strength),
        map: this.map,
      }),
    );
  }

  /** A claim for this file by another phone of this hierarchy (the phone routes by model and file). */
  onClaim(m: ClaimMessage, from: string): void {
    const { ctx } = this;
    ctx.touch();
    if (this.state === 'listening' || this.state === 'claiming' || this.state === 'yielded') {
      if (m.state === 'root') {
        ctx.log('INF', `${this.xid} RxBdcst ClaimRoot(root) ROOT=${from} m=${m.model} ${this.path}`);
        clearTimeout(this.timer);
        this.settleElection({ root: false, rootIp: from });
        return;
      }
      // A phone still listening yields to any claimer: an election is under way, and a
      // stronger newcomer would restart its countdown. Phones reach a file one after another
      // as it spreads down the previous file's tree, and the tenth of a second between them
      // let a thousand phones drag an election on for seconds. Strength decides between
      // phones that claim at once.
      const theirs = Number.parseInt(m.strength, 16);
      const higher = this.state === 'listening' || theirs > this.strength || (theirs === this.strength && from > ctx.ip);
      if (higher) {
        // Yield, or (already yielded) keep waiting: a stronger phone is still claiming, and
        // is heard, so its root claim will come.
        if (this.state !== 'yielded') ctx.log('INF', `${this.xid} RxBdcst ClaimRoot(tent) from ${from} strength=${m.strength}: yield`);
        clearTimeout(this.timer);
        this.state = 'yielded';
        // Phone time, after reading what came meanwhile (loop-clock.ts): a stalled loop had
        // the root claim waiting unread while this wait ran out, and claimed again.
        this.cancelYieldWait?.();
        this.cancelYieldWait = afterPhoneTime(() => ctx.now(), ctx.ms('yieldWaitMs'), () => {
          if (this.state !== 'yielded') return;
          ctx.log('WRN', `${this.xid} No root announced within ${ctx.ms('yieldWaitMs')} ms: claim again`);
          this.listen();
        });
      }
      return;
    }
    if (m.state === 'root' && from === this.rootIp) this.rootHeardAt = ctx.now();
    // A latecomer's tentative claim: the root answers with its own, at most twice per advert,
    // as long as it holds the hierarchy (also once it has the file and works on the next one).
    if (this.holdsHierarchy && m.state === 'tent') {
      const now = ctx.now();
      this.lastJoinAt = now;
      if (now - this.lastRootAnswer >= ctx.ms('advertMs') / 2) {
        this.lastRootAnswer = now;
        this.broadcastClaim('root');
      }
    }
  }

  // ---- root ---------------------------------------------------------------------------

  private async runRoot(): Promise<Buffer> {
    const { ctx } = this;
    this.ancestors = [];
    await sleep(ctx.ms('rootWaitMs'), ctx.signal);
    ctx.log('INF', `${this.xid} Root sending TFTP XfrCmd on ROOT_WAITING TO`);
    const early = ctx.fault('early-forward');
    // early-forward: the root starts its TFTP read once a child is connected (or after
    // yieldWaitMs), so that it forwards a file it does not have yet for every file it roots.
    // Without the wait, a small file's read could end before any child connected: the fault
    // would not happen at all for that file, and the capture rightly would not show it.
    if (early) await this.firstChildOrAfter(ctx.ms('yieldWaitMs'));
    const content = await ctx.tftpFetch(this.file.name, early ? (c) => this.onEarlyChunk(c) : undefined);
    this.checkPower();
    const why = ctx.verify(this.file, content);
    if (why) {
      ctx.log('ERR', `${this.xid} TFTP ${this.path} rejected: ${why}`);
      throw new Error(`${this.file.name}: ${why}`);
    }
    this.via = 'tftp-root';
    return this.have(content);
  }

  private async fallback(reason: string): Promise<Buffer> {
    const { ctx } = this;
    this.state = 'tftp';
    ctx.log('WRN', `${this.xid} TFTP fallback ${this.path}: ${reason}`);
    const content = await ctx.tftpFetch(this.file.name);
    this.checkPower();
    const why = ctx.verify(this.file, content);
    if (why) throw new Error(`${this.file.name} from TFTP: ${why}`);
    this.via = 'tftp-fallback';
    return this.have(content);
  }

  private have(content: Buffer, taken = false): Buffer {
    content = this.ctx.keep(this.file.sha256, content, taken);
    this.content = content;
    this.state = 'have';
    for (const c of this.children) if (c.state === 'waiting') this.sendTo(c);
    this.unpark();
    return content;
  }

  // ---- child --------------------------------------------------------------------------

  /**
   * Asks the root where to join (placement.ts says why): a JOIN datagram, resent after one
   * advert, then two, four... (a root answering a thousand phones is busy; resending faster
   * would bury it) until the root's PLACE names the parent, for up to twice yieldWaitMs.
   * `lost`: the parent this phone could not reach or lost, for the root to forget. Undefined
   * when the root does not answer: the phone then joins the root over TCP, which redirects it.
   */
  private async askPlacement(root: string, lost?: string): Promise<string | undefined> {
    const { ctx } = this;
    this.state = 'joining';
    const attempt = ++this.placeAttempt;
    ctx.log('INF', `${this.xid} TxJoin ROOT=${root} try=${attempt} ${this.path}`);
    const placed = new Promise<string>((resolve) => (this.placeWaiter = { attempt, resolve }));
    const period = ctx.ms('advertMs');
    const request = encodeJoinRequest({ verb: 'JOIN', xid: this.xid, model: ctx.model, file: this.file.name, slots: this.maxChildren(), attempt, ...(lost ? { lost } : {}) });
    try {
      for (let waited = 0, wait = period; waited < 2 * ctx.ms('yieldWaitMs'); waited += wait, wait *= 2) {
        ctx.udp.unicast(request, root);
        const parent = await within(placed, wait, () => ctx.now(), ctx.signal);
        if (parent !== undefined) {
          ctx.log('INF', `${this.xid} RxPlace parent=${parent} ${this.path}`);
          return parent;
        }
      }
    } finally {
      this.placeWaiter = undefined;
    }
    ctx.log('WRN', `${this.xid} No placement from ROOT=${root}: joining it directly`);
    return undefined;
  }

  /** Rebooting with the file: the root forgets this phone (its placement would send joiners into the void). */
  leave(): void {
    if (this.rootIp !== undefined && this.rootIp !== this.ctx.ip) this.ctx.udp.unicast(encodeLeave({ verb: 'LEAVE', xid: this.xid, file: this.file.name }), this.rootIp);
  }

  /** A member's LEAVE datagram (the root's business only). */
  onLeave(from: string): void {
    if (this.holdsHierarchy) this.placement?.gone(from);
  }

  /**
   * The root's PLACE datagram. Only the answer to the current request counts: a root whose
   * loop lags answers each resend of an earlier request late, and such a stale answer (the
   * parent this phone just found unreachable and reported lost) used to be taken for the
   * answer to the rejoin, again and again, until the phone gave up and made itself a root.
   */
  onPlace(from: string, parent: string, attempt?: number): void {
    const w = this.placeWaiter;
    if (from !== this.rootIp || !w) return;
    if (attempt !== undefined && attempt !== w.attempt) return;
    w.resolve(parent);
  }

  private async joinChain(first: string): Promise<JoinOutcome> {
    const { ctx } = this;
    let target = first;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      this.state = 'joining';
      ctx.log('INF', `${this.xid} TxJoin parent=${target} ${this.path}`);
      // The file's buffer is taken only when a parent starts sending it: a thousand phones
      // walking down the tree at once would otherwise each hold one while they wait.
      const receiver = new PeerReceiver((line) => {
        const h = decodeHeader(line);
        if (h?.verb !== 'DATA' || h.size !== this.file.size) return undefined;
        // The process holds a verified copy already (other phones of it got the file): this
        // phone's copy is received and checked, then it keeps that one (shared-files.ts).
        if (ctx.held(this.file.sha256)) return { check: this.file.size };
        return (this.receiveBuffer ??= ctx.receiveBuffer(this.file.size));
      });
      const socket = ctx.net.connectTcp(ctx.ip, target, PFS_PORT, receiver.onread);
      this.sockets.add(socket);
      socket.once('close', () => {
        this.sockets.delete(socket);
        receiver.end();
      });
      let silent = false;
      socket.setTimeout(ctx.ms('parentSilenceMs'), () => {
        silent = true;
        socket.destroy(new Error('parent silent'));
      });
      const lost = (bytes: number): JoinOutcome => ({ kind: silent ? 'silent' : 'lost', parent: target, bytes });
      this.joiningVia = target;
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('error', () => resolve(false));
      });
      socket.on('error', () => receiver.end());
      if (!connected) {
        ctx.log('WRN', `${this.xid} Join ${target} failed: no connection`);
        return { kind: 'unreachable', parent: target };
      }
      const accepted = new Promise<string[]>((resolve) => this.acceptWaiters.set(target, resolve));
      void accepted.then((path) => this.onAccepted(target, path));
      socket.write(encodeHeader({ verb: 'JOIN', xid: this.xid, model: ctx.model, file: this.file.name, slots: this.maxChildren() }));
      const line = await receiver.line().catch(() => undefined);
      this.acceptWaiters.delete(target);
      const h = line === undefined ? undefined : decodeHeader(line);
      if (h?.verb === 'REDIRECT') {
        ctx.log('INF', `${this.xid} RxRedirect from ${target} to ${h.to}`);
        socket.destroy();
        target = h.to;
        continue;
      }
      if (h?.verb === 'REFUSE') {
        ctx.log('INF', `${this.xid} RxRefuse from ${target}: ${h.reason}`);
        socket.destroy();
        await sleep(ctx.ms('advertMs'), ctx.signal);
        target = this.rootIp ?? target;
        continue;
      }
      if (h?.verb !== 'DATA') {
        socket.destroy();
        return lost(0);
      }
      if (h.size !== this.file.size) {
        socket.destroy();
        const why = `size ${h.size}, manifest says ${this.file.size}`;
        ctx.log('ERR', `${this.xid} RxFile ${this.path} from ${target} bytes=${h.size} BAD ${why}`);
        return { kind: 'corrupt', parent: target, why };
      }
      // Checked while it arrives (peer-receiver.ts): a whole-file check at the end would stall
      // the event loop that hundreds of phones share in the scale bench.
      const body = await receiver.body();
      socket.destroy();
      if (!body) return lost(receiver.bodyBytes);
      const why = this.ctx.verifyChecksum(this.file, body.size, body.crc32);
      ctx.log(why ? 'ERR' : 'INF', `${this.xid} RxFile ${this.path} from ${target} bytes=${body.size} ${why ? `BAD ${why}` : 'ok'}`);
      if (why) return { kind: 'corrupt', parent: target, why };
      const content = body.buffer ?? ctx.held(this.file.sha256);
      return content ? { kind: 'ok', content, parent: target } : lost(body.size);
    }
    return { kind: 'unreachable', parent: target };
  }

  /** The parent's ACCEPT datagram: this phone is now in the hierarchy and may take children. */
  onAcceptDatagram(from: string, path: string[]): void {
    this.acceptWaiters.get(from)?.(path);
  }

  private onAccepted(parent: string, path: string[]): void {
    if (this.state !== 'joining') return;
    this.state = 'member';
    this.parent = parent;
    this.ancestors = path.length > 0 ? path : [parent];
    this.parentFd = this.ctx.nextFd();
    this.ctx.log('INF', `${this.xid} RxAccept parent=${parent} ${this.path}`);
    this.logSlots();
    this.unpark();
  }

  // ---- parent -------------------------------------------------------------------------

  /** A placement request (JOIN datagram): the root says where to connect; anybody else keeps quiet. */
  onPlacementRequest(from: string, join: JoinRequest): void {
    if (!this.holdsHierarchy || !this.placement) return;
    this.ctx.touch();
    this.lastJoinAt = this.ctx.now();
    if (join.lost !== undefined) this.placement.gone(join.lost);
    // No slot left anywhere: no answer, the joiner asks again later (phones placed meanwhile
    // bring new slots), then tries the root over TCP, and TFTP in the end.
    const parent = this.placement.place(from, join.slots, join.attempt);
    if (parent === undefined) return;
    this.ctx.udp.unicast(encodePlace({ verb: 'PLACE', xid: this.xid, file: this.file.name, parent, attempt: join.attempt }), from);
  }

  /** A JOIN for this file on the phone's TCP 4051 server. */
  onJoin(socket: Socket, from: string, slots = 2, mayWait = true): void {
    const { ctx } = this;
    ctx.touch();
    this.lastJoinAt = ctx.now();
    if (!this.sockets.has(socket)) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    if (this.state === 'joining' && mayWait && from !== this.joiningVia) {
      // Placed here by the root (or redirected here by this phone's parent) while this phone
      // still waits for its own parent's ACCEPT, which may simply not be read yet. The joiner
      // waits instead of being refused and starting over: ACCEPTs go down the tree one level
      // at a time, and a thousand phones placed at once in the scale bench are ten levels
      // deep, each level a turn of a busy event loop; the file cannot come sooner anyway (it
      // comes down the same path). This phone answers it as soon as it has a place, or a
      // file, or after parentSilenceMs (the joiner hangs up then anyway); a power loss closes
      // the connection. (Never the phone it is joining itself: both would wait for the other.)
      // Not after four yieldWaitMs, as it was: on a loaded machine that ran out while the
      // path was still on its way, the refused joiner went to the root, which had said DONE
      // and left, and made itself a second root.
      const cancel = afterPhoneTime(() => ctx.now(), ctx.ms('parentSilenceMs'), () => this.unpark(socket));
      this.parked.set(socket, { from, slots, cancel });
      return;
    }
    if (this.state !== 'root' && this.state !== 'member' && this.state !== 'have') {
      socket.end(encodeHeader({ verb: 'REFUSE', reason: `not-in-hierarchy:${this.state}` }));
      return;
    }
    // A relay whose parent was lost rejoins through the root and may be sent down the tree
    // into its own subtree: adopting an ancestor would make a cycle that nobody feeds.
    if (this.state === 'member' && this.ancestors.includes(from)) {
      ctx.log('INF', `${this.xid} Child ${from} refused: ancestor`);
      socket.end(encodeHeader({ verb: 'REFUSE', reason: 'ancestor' }));
      return;
    }
    if (this.children.length >= this.maxChildren()) {
      // A joiner that reached the root over TCP (its placement request went unanswered, or
      // where it was placed refused it) goes where the root would have placed it
      // (placement.ts). Any other full phone sends it one level down, to the child with the
      // smaller known subtree.
      const placed = this.holdsHierarchy ? this.placement?.place(from, slots) : undefined;
      const via = placed === undefined ? [...this.children].sort((a, b) => a.subtree - b.subtree)[0] : undefined;
      if (via) via.subtree++;
      const to = placed ?? via?.ip;
      if (to !== undefined) {
        ctx.log('INF', `${this.xid} Child ${from} redirected to ${to} FULL=1`);
        socket.end(encodeHeader({ verb: 'REDIRECT', to }));
        return;
      }
    }
    if (this.holdsHierarchy) this.placement?.joined(from, slots);
    const used = new Set(this.children.map((c) => c.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const child: Child = { ip: from, socket, slot, fd: ctx.nextFd(), subtree: 1, state: 'waiting' };
    this.children.push(child);
    ctx.log('INF', `${this.xid} Child ${from} accepted fd[${slot}]=${child.fd}`);
    this.logSlots();
    socket.on('error', () => {});
    socket.once('close', () => {
      if (child.state === 'done') return;
      const i = this.children.indexOf(child);
      if (i >= 0) this.children.splice(i, 1);
      if (!ctx.signal.aborted) ctx.log('WRN', `${this.xid} Child ${from} lost`);
    });
    const path = this.state === 'member' ? [...this.ancestors, ctx.ip] : [ctx.ip];
    ctx.udp.unicast(encodeAccept({ verb: 'ACCEPT', xid: this.xid, file: this.file.name, slot, path }), from);
    if (this.content) this.sendTo(child);
    else if (ctx.fault('early-forward') && this.state === 'root') this.startEarly(child);
  }

  /**
   * The root says DONE to its hierarchy once it has placed as many phones as the first file's
   * root did (every phone of the upgrade passes through every file's hierarchy) and nobody
   * joined for lingerMs (the last ones placed have connected to their parents). Until then
   * its members stay up, with their free slots, for the latecomers: phones still busy with an
   * earlier file, in the scale bench seconds behind the first ones, and otherwise left with
   * nobody to join but a new root, which fetches the file from TFTP again.
   */
  private watchHierarchy(): void {
    const { ctx } = this;
    const linger = ctx.ms('lingerMs');
    let announcedAt = ctx.now();
    // Quiet is measured in phone time and decided after reading what arrived (loop-clock.ts):
    // a root whose loop stalled found "nobody joined for a linger" with the joins of hundreds
    // of phones waiting unread in its socket, said DONE, and its members left before the
    // latecomers, who then made a second root.
    const check = () => {
      const placement = this.placement;
      if (!this.holdsHierarchy || !placement) return clearInterval(this.hierarchyWatch);
      if (this.doneSent) return;
      const now = ctx.now();
      // The root's claim, again every half lingerMs: its members know it still holds the
      // hierarchy (one that lost power says no DONE), and latecomers hear of it sooner.
      if (now - announcedAt >= linger / 2) {
        announcedAt = now;
        this.broadcastClaim('root');
      }
      const quiet = now - this.lastJoinAt;
      const expected = this.expected();
      const complete = expected === 'unknown' || (typeof expected === 'number' && placement.size >= expected);
      const stalled = now - Math.max(this.lastJoinAt, this.lastProgress());
      if (quiet < linger || (!complete && stalled < INCOMPLETE_HIERARCHY_LINGERS * linger)) return;
      clearInterval(this.hierarchyWatch);
      this.doneSent = true;
      const of = typeof expected === 'number' ? ` of ${expected}` : '';
      ctx.log('INF', `${this.xid} TxBdcst HierDone n=${placement.size}${of} ${this.path}`);
      ctx.udp.broadcast(encodeDone({ verb: 'DONE', xid: this.xid, file: this.file.name, n: placement.size }));
    };
    this.hierarchyWatch = setInterval(() => afterPendingInput(check), ctx.ms('advertMs'));
  }

  /** A root's DONE broadcast. */
  onDone(from: string): void {
    if (from !== this.rootIp || this.releasedBy === from || from === this.ctx.ip) return;
    this.releasedBy = from;
    this.ctx.log('INF', `${this.xid} RxBdcst HierDone ROOT=${from} ${this.path}`);
  }

  /** `from` starts its upgrade again: when it was this phone's root, no DONE will come from it. */
  onRootRestarted(from: string): void {
    if (from === this.rootIp && from !== this.ctx.ip) this.releasedBy = from;
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
    if (this.placement) return this.doneSent || !this.holdsHierarchy;
    const root = this.rootIp;
    if (root === undefined || this.releasedBy === root || this.rootGone === root) return true;
    if (this.ctx.now() - this.rootHeardAt > 3 * this.ctx.ms('lingerMs')) this.probeRoot(root);
    return false;
  }

  /**
   * This phone still waits for its root's DONE, and that root is there: it is this phone, or
   * it was heard (or took a probe's connection) within three lingerMs. The phone's cap on
   * waiting for DONE (phone.ts) does not apply then.
   */
  get waitsOnLiveRoot(): boolean {
    if (this.released) return false;
    return this.placement !== undefined || this.ctx.now() - this.rootHeardAt <= 3 * this.ctx.ms('lingerMs');
  }

  /** Is `root` there? Heard (rootHeardAt) when it takes a connection; gone when it refuses, or does not answer within three lingerMs. */
  private probeRoot(root: string): void {
    if (this.probing) return;
    this.probing = true;
    const { ctx } = this;
    const socket = ctx.net.connectTcp(ctx.ip, root, PFS_PORT);
    this.sockets.add(socket);
    const end = (there: boolean) => {
      if (!this.probing) return;
      this.probing = false;
      socket.destroy();
      this.sockets.delete(socket);
      if (there) this.rootHeardAt = ctx.now();
      else this.rootGone = root;
    };
    socket.setTimeout(3 * ctx.ms('lingerMs'), () => end(false));
    socket.once('connect', () => end(true));
    socket.once('error', () => end(false));
  }

  /** Phones this root has placed, itself included; undefined on other phones. */
  get hierarchySize(): number | undefined {
    return this.holdsHierarchy ? this.placement?.size : undefined;
  }

  /** This phone is the file's root (an elected root that is still waiting or fetching, or has the file from TFTP). */
  get holdsHierarchy(): boolean {
    return this.state === 'root' || (this.state === 'have' && this.via === 'tftp-root');
  }

  /** How many children this phone takes: two, three with the third-child fault. */
  private maxChildren(): number {
    return this.ctx.fault('third-child') ? 3 : 2;
  }

  /** Answers parked joiners now (the phone's place in the hierarchy is known), or one of them after its wait. */
  private unpark(only?: Socket): void {
    for (const [socket, p] of this.parked) {
      if (only && socket !== only) continue;
      p.cancel();
      this.parked.delete(socket);
      if (!socket.destroyed) this.onJoin(socket, p.from, p.slots, false);
    }
  }

  private sendTo(child: Child): void {
    const { ctx } = this;
    const content = this.content;
    if (!content || child.state !== 'waiting') return;
    child.state = 'sending';
    let body = content;
    if (ctx.fault('corrupt-hop')) {
      body = Buffer.from(content);
      const at = Math.floor(body.length / 2);
      body[at] = (body[at] ?? 0) ^ 0xff;
    }
    child.socket.write(encodeHeader({ verb: 'DATA', size: body.length, sha256: this.file.sha256 }));
    if (ctx.fireOnce('parent-power-loss')) {
      // The fault: this parent (root or relay) loses power half-way through feeding a child.
      child.socket.write(body.subarray(0, Math.floor(body.length / 2)), () => ctx.powerOff());
      return;
    }
    child.socket.write(body, () => {
      child.state = 'done';
      ctx.log('INF', `${this.xid} TxFile ${this.path} to ${child.ip} bytes=${body.length}`);
      child.socket.end();
    });
  }

  private firstChildOrAfter(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const { signal } = this.ctx;
      signal.addEventListener('abort', done, { once: true });
      this.firstEarlyChild = done;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }

  /** early-forward fault: the root streams what TFTP has given it so far, then the rest as it comes. */
  private startEarly(child: Child): void {
    child.state = 'sending';
    this.firstEarlyChild?.();
    this.firstEarlyChild = undefined;
    // Nothing leaves before the root's first TFTP block: it forwards what it has, as a phone
    // that forwards early would, never bytes it has not begun to receive.
    if (this.earlyChunks.length === 0) return;
    child.socket.write(this.earlyHeader());
    for (const c of this.earlyChunks) child.socket.write(c);
  }

  private earlyHeader(): Buffer {
    return encodeHeader({ verb: 'DATA', size: this.file.size, sha256: this.file.sha256 });
  }

  private onEarlyChunk(chunk: Buffer): void {
    const first = this.earlyChunks.length === 0;
    this.earlyChunks.push(chunk);
    for (const c of this.children) {
      if (c.state !== 'sending') continue;
      if (first) c.socket.write(this.earlyHeader());
      c.socket.write(chunk);
    }
    const got = this.earlyChunks.reduce((n, c) => n + c.length, 0);
    if (got >= this.file.size) {
      for (const c of this.children) {
        if (c.state !== 'sending') continue;
        c.state = 'done';
        c.socket.end();
      }
    }
  }

  private logSlots(): void {
    const fds = [0, 1].map((s) => this.children.find((c) => c.slot === s)?.fd ?? -1);
    const full = this.children.length >= 2 ? 1 : 0;
    this.ctx.log('NOT', `|parent=${this.parentFd}><fd[0]=${fds[0]} fd[1]=${fds[1]} FULL=${full}`);
  }

  /** Power lost: every timer and socket goes, at once. */
  shutdown(): void {
    clearTimeout(this.timer);
    this.cancelYieldWait?.();
    clearInterval(this.hierarchyWatch);
    for (const p of this.parked.values()) p.cancel();
    this.parked.clear();
    this.electionFailed?.(new Error('power lost'));
    this.electionDone = this.electionFailed = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

/**
 * Runs `fn` once the event loop has read the sockets that are ready (setImmediate runs after
 * the poll phase): see claim().
 */
function afterPendingInput(fn: () => void): void {
  setImmediate(fn);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * `p`'s value, or undefined after `ms` of phone time (`now`; loop-clock.ts: a stalled loop
 * does not time out an answer that came meanwhile and waits unread); rejects at power loss.
 * Leaves no timer or listener behind.
 */
function within<T>(p: Promise<T>, ms: number, now: () => number, signal: AbortSignal): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('power lost'));
    const done = () => {
      cancel();
      signal.removeEventListener('abort', onAbort);
    };
    const cancel = afterPhoneTime(now, ms, () => (done(), resolve(undefined)));
    const onAbort = () => (done(), reject(new Error('power lost')));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then((v) => (done(), resolve(v)), (e: unknown) => (done(), reject(e as Error)));
  });
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('power lost'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Error('power lost'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
