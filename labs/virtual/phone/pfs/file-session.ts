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
import type { ClaimMessage } from './messages.ts';
import { PFS_PORT, decodeHeader, encodeAccept, encodeClaim, encodeHeader } from './messages.ts';
import { PeerStream } from './line-reader.ts';

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
  | { kind: 'unreachable'; parent: string }
  | { kind: 'corrupt'; parent: string; why: string };

type Election = { root: true } | { root: false; rootIp: string };

const MAX_HOPS = 32;
const MAX_ATTEMPTS = 4;

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
  private electionDone: ((e: Election) => void) | undefined;
  private electionFailed: ((e: Error) => void) | undefined;
  private lastRootAnswer = 0;
  private parentFd = -1;
  private readonly acceptWaiters = new Map<string, (path: string[]) => void>();
  /** Root first, parent last, as the parent's ACCEPT said; [] for a root. */
  private ancestors: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly earlyChunks: Buffer[] = [];

  constructor(
    private readonly ctx: PfsContext,
    file: ManifestFile,
    index: number,
  ) {
    this.file = file;
    // Transaction id: the MAC's last three bytes and the file's index in the load [ours].
    this.xid = `XID${ctx.mac.slice(6)}${index.toString(16).toUpperCase().padStart(2, '0')}`;
    this.map = createHash('sha256').update(file.name).digest('hex').slice(0, 8);
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
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (target === undefined) {
        const e = await this.elect();
        this.checkPower();
        if (e.root) return this.runRoot();
        target = this.rootIp = e.rootIp;
      }
      if (ctx.fault('CSCus67416')) return this.fallback('parent known, fetching from the server anyway');
      const r = await this.joinChain(target);
      this.checkPower();
      if (r.kind === 'ok') {
        this.via = 'pfs';
        this.fedBy = r.parent;
        return this.have(r.content);
      }
      if (r.kind === 'corrupt') return this.fallback(`copy from ${r.parent} rejected: ${r.why}`);
      const parent = r.parent;
      const bytes = r.kind === 'lost' ? r.bytes : 0;
      if (parent !== this.rootIp && this.rootIp !== undefined) {
        ctx.log('WRN', `${this.xid} Parent ${parent} lost after ${bytes} bytes: rejoin ROOT=${this.rootIp}`);
        target = this.rootIp;
      } else {
        ctx.log('WRN', `${this.xid} Parent ${parent} lost after ${bytes} bytes: reelect`);
        target = undefined;
        this.rootIp = undefined;
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
   * between opening the port and the first claim): a phone that hears a stronger claim in
   * that time never claims, so a thousand phones booting together send a handful of claims,
   * not a thousand.
   */
  private listen(): void {
    this.state = 'listening';
    this.strength = randomInt(1, 0xffffffff);
    const advert = this.ctx.ms('advertMs');
    this.timer = setTimeout(() => this.claim(), advert + Math.random() * advert);
  }

  private claim(): void {
    const { ctx } = this;
    if (this.state !== 'listening') return;
    this.state = 'claiming';
    ctx.log('NOT', '^.idl_protocol.c-sendBroadcastOffer');
    ctx.log('INF', `${this.xid} TxBdcst ClaimRoot(tent): map=${this.map} strength=${hex8(this.strength)}`);
    this.broadcastClaim('tent');
    let adverts = 0;
    const tick = () => {
      if (this.state !== 'claiming') return;
      ctx.log('NOT', '^.idl_timeout.c-doTimeout');
      ctx.log('DBG', `Timeout ${this.xid} hier=ClaimRoot(tent)`);
      if (adverts < ctx.adverts) {
        adverts++;
        ctx.log('NOT', '^.idl_protocol.c-sendBroadcastOffer');
        ctx.log('INF', `${this.xid} TxBdcst Ad ${adverts}: ClaimRoot(tent)`);
        this.broadcastClaim('tent');
        this.timer = setTimeout(tick, ctx.ms('advertMs'));
        return;
      }
      ctx.log('NOT', 'UT:Confirmed root bumping strength');
      const h = createHash('sha256').update(`${this.xid}${this.strength}`).digest('hex').slice(0, 8);
      ctx.log('NOT', `@@@HROOT:${this.xid} H=${h} m=${ctx.model} ROOT=${ctx.ip} ${this.path}`);
      this.state = 'root';
      this.rootIp = ctx.ip;
      this.broadcastClaim('root');
      this.settleElection({ root: true });
    };
    this.timer = setTimeout(tick, ctx.ms('advertMs'));
  }

  private settleElection(e: Election): void {
    clearTimeout(this.timer);
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
      const theirs = Number.parseInt(m.strength, 16);
      const higher = theirs > this.strength || (theirs === this.strength && from > ctx.ip);
      if ((this.state === 'claiming' || this.state === 'listening') && higher) {
        ctx.log('INF', `${this.xid} RxBdcst ClaimRoot(tent) from ${from} strength=${m.strength}: yield`);
        clearTimeout(this.timer);
        this.state = 'yielded';
        this.timer = setTimeout(() => {
          if (this.state !== 'yielded') return;
          ctx.log('WRN', `${this.xid} No root announced within ${ctx.ms('yieldWaitMs')} ms: claim again`);
          this.listen();
        }, ctx.ms('yieldWaitMs'));
      }
      return;
    }
    // A latecomer's tentative claim: the root answers with its own, at most twice per advert,
    // as long as it holds the hierarchy (also once it has the file and works on the next one).
    const isRoot = this.state === 'root' || (this.state === 'have' && this.via === 'tftp-root');
    if (isRoot && m.state === 'tent') {
      const now = performance.now();
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

  private have(content: Buffer): Buffer {
    content = this.ctx.keep(this.file.sha256, content);
    this.content = content;
    this.state = 'have';
    for (const c of this.children) if (c.state === 'waiting') this.sendTo(c);
    return content;
  }

  // ---- child --------------------------------------------------------------------------

  private async joinChain(first: string): Promise<JoinOutcome> {
    const { ctx } = this;
    let target = first;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      this.state = 'joining';
      ctx.log('INF', `${this.xid} TxJoin parent=${target} ${this.path}`);
      const socket = ctx.net.connectTcp(ctx.ip, target, PFS_PORT);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.setTimeout(ctx.ms('parentSilenceMs'), () => socket.destroy(new Error('parent silent')));
      const stream = new PeerStream(socket);
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('error', () => resolve(false));
      });
      if (!connected) {
        ctx.log('WRN', `${this.xid} Join ${target} failed: no connection`);
        return { kind: 'unreachable', parent: target };
      }
      const accepted = new Promise<string[]>((resolve) => this.acceptWaiters.set(target, resolve));
      void accepted.then((path) => this.onAccepted(target, path));
      socket.write(encodeHeader({ verb: 'JOIN', xid: this.xid, model: ctx.model, file: this.file.name }));
      const line = await stream.line().catch(() => undefined);
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
        return { kind: 'lost', parent: target, bytes: 0 };
      }
      const hash = createHash('sha256');
      const body = await stream.body(h.size, (chunk) => hash.update(chunk));
      socket.destroy();
      if (!body) return { kind: 'lost', parent: target, bytes: stream.bodyBytes };
      const why = this.ctx.verifyDigest(this.file, body.length, hash.digest('hex'));
      ctx.log(why ? 'ERR' : 'INF', `${this.xid} RxFile ${this.path} from ${target} bytes=${body.length} ${why ? `BAD ${why}` : 'ok'}`);
      return why ? { kind: 'corrupt', parent: target, why } : { kind: 'ok', content: body, parent: target };
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
  }

  // ---- parent -------------------------------------------------------------------------

  /** A JOIN for this file on the phone's TCP 4051 server. */
  onJoin(socket: Socket, from: string): void {
    const { ctx } = this;
    ctx.touch();
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
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
    const max = ctx.fault('third-child') ? 3 : 2;
    if (this.children.length >= max) {
      const via = [...this.children].sort((a, b) => a.subtree - b.subtree)[0];
      if (via) {
        via.subtree++;
        ctx.log('INF', `${this.xid} Child ${from} redirected to ${via.ip} FULL=1`);
        socket.end(encodeHeader({ verb: 'REDIRECT', to: via.ip }));
        return;
      }
    }
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

  /** early-forward fault: the root streams what TFTP has given it so far, then the rest as it comes. */
  private startEarly(child: Child): void {
    child.state = 'sending';
    child.socket.write(encodeHeader({ verb: 'DATA', size: this.file.size, sha256: this.file.sha256 }));
    for (const c of this.earlyChunks) child.socket.write(c);
  }

  private onEarlyChunk(chunk: Buffer): void {
    this.earlyChunks.push(chunk);
    for (const c of this.children) if (c.state === 'sending') c.socket.write(chunk);
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
    this.electionFailed?.(new Error('power lost'));
    this.electionDone = this.electionFailed = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
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
