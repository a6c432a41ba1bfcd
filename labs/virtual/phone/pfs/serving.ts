// A phone serving its children for one file: it takes joiners on TCP 4051 (at most two,
// three with the third-child fault), redirects them down the tree when full, parks those that
// come while its own place is still on its way, and sends each the whole file once it has it
// and verified it. The early-forward, corrupt-hop and parent-power-loss faults act here.
import type { Socket } from 'node:net';
import { twinLines } from '../console-lines.ts';
import { afterPhoneTime } from './loop-clock.ts';
import { encodeAccept, encodeHeader } from './messages.ts';
import type { Child, SessionCore } from './session-core.ts';

export class Serving {
  /** Joiners that arrived while this phone still waited for its own parent's ACCEPT (`cancel`: their wait's timer). */
  private readonly parked = new Map<Socket, { from: string; slots: number; cancel: () => void }>();
  private readonly earlyChunks: Buffer[] = [];
  /** early-forward fault: resolves when the first child connects to this root (see FileSession.runRoot). */
  private firstEarlyChild: (() => void) | undefined;

  constructor(private readonly s: SessionCore) {}

  /** Children still waiting for the file or being sent it. */
  busy(): boolean {
    return this.s.children.some((c) => c.state !== 'done');
  }

  /** A JOIN for this file on the phone's TCP 4051 server. */
  onJoin(socket: Socket, from: string, slots = 2, mayWait = true): void {
    const { s } = this;
    const { ctx } = s;
    ctx.touch();
    s.lastJoinAt = ctx.now();
    if (!s.sockets.has(socket)) {
      s.sockets.add(socket);
      socket.once('close', () => s.sockets.delete(socket));
    }
    if (s.state.is('joining') && mayWait && from !== s.joiningVia) {
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
    if (!s.state.is('root', 'member', 'have')) {
      socket.end(encodeHeader({ verb: 'REFUSE', reason: `not-in-hierarchy:${s.state.name}` }));
      return;
    }
    // A relay whose parent was lost rejoins through the root and may be sent down the tree
    // into its own subtree: adopting an ancestor would make a cycle that nobody feeds.
    if (s.state.is('member') && s.ancestors.includes(from)) {
      s.say(twinLines['child-refused'].write(s.xid, from, 'ancestor'));
      socket.end(encodeHeader({ verb: 'REFUSE', reason: 'ancestor' }));
      return;
    }
    if (s.children.length >= s.maxChildren()) {
      // A joiner that reached the root over TCP (its placement request went unanswered, or
      // where it was placed refused it) goes where the root would have placed it
      // (placement.ts). Any other full phone sends it one level down, to the child with the
      // smaller known subtree.
      const placed = s.holdsHierarchy ? s.placement?.place(from, slots) : undefined;
      const via = placed === undefined ? [...s.children].sort((a, b) => a.subtree - b.subtree)[0] : undefined;
      if (via) via.subtree++;
      const to = placed ?? via?.ip;
      if (to !== undefined) {
        s.say(twinLines['child-redirected'].write(s.xid, from, to));
        socket.end(encodeHeader({ verb: 'REDIRECT', to }));
        return;
      }
    }
    if (s.holdsHierarchy) s.placement?.joined(from, slots);
    const used = new Set(s.children.map((c) => c.slot));
    let slot = 0;
    while (used.has(slot)) slot++;
    const child: Child = { ip: from, socket, slot, fd: ctx.nextFd(), subtree: 1, state: 'waiting' };
    s.children.push(child);
    s.say(twinLines['child-accepted'].write(s.xid, from, slot, child.fd));
    s.logSlots();
    socket.on('error', () => {});
    socket.once('close', () => {
      if (child.state === 'done') return;
      const i = s.children.indexOf(child);
      if (i >= 0) s.children.splice(i, 1);
      if (!ctx.signal.aborted) s.say(twinLines['child-lost'].write(s.xid, from));
    });
    const path = s.state.is('member') ? [...s.ancestors, ctx.ip] : [ctx.ip];
    ctx.udp.unicast(encodeAccept({ verb: 'ACCEPT', xid: s.xid, file: s.file.name, slot, path }), from);
    if (s.content) this.sendTo(child);
    else if (ctx.fault('early-forward') && s.state.is('root')) this.startEarly(child);
  }

  /** Answers parked joiners now (the phone's place in the hierarchy is known), or one of them after its wait. */
  unpark(only?: Socket): void {
    for (const [socket, p] of this.parked) {
      if (only && socket !== only) continue;
      p.cancel();
      this.parked.delete(socket);
      if (!socket.destroyed) this.onJoin(socket, p.from, p.slots, false);
    }
  }

  /** The file is here and verified: every child still waiting gets it. */
  sendWaiting(): void {
    for (const c of this.s.children) if (c.state === 'waiting') this.sendTo(c);
  }

  private sendTo(child: Child): void {
    const { s } = this;
    const { ctx } = s;
    const content = s.content;
    if (!content || child.state !== 'waiting') return;
    child.state = 'sending';
    let body = content;
    if (ctx.fault('corrupt-hop')) {
      body = Buffer.from(content);
      const at = Math.floor(body.length / 2);
      body[at] = (body[at] ?? 0) ^ 0xff;
    }
    child.socket.write(encodeHeader({ verb: 'DATA', size: body.length, sha256: s.file.sha256 }));
    if (ctx.fireOnce('parent-power-loss')) {
      // The fault: this parent (root or relay) loses power half-way through feeding a child.
      child.socket.write(body.subarray(0, Math.floor(body.length / 2)), () => ctx.powerOff());
      return;
    }
    child.socket.write(body, () => {
      child.state = 'done';
      s.say(twinLines['tx-file'].write(s.xid, s.path, child.ip, body.length));
      child.socket.end();
    });
  }

  /** early-forward fault: resolves when the first child connects, or after `ms`, or at power loss. */
  firstChildOrAfter(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const { signal } = this.s.ctx;
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
    return encodeHeader({ verb: 'DATA', size: this.s.file.size, sha256: this.s.file.sha256 });
  }

  /** early-forward fault: a TFTP block reached the root; children being sent the file get it now. */
  onEarlyChunk(chunk: Buffer): void {
    const { s } = this;
    const first = this.earlyChunks.length === 0;
    this.earlyChunks.push(chunk);
    for (const c of s.children) {
      if (c.state !== 'sending') continue;
      if (first) c.socket.write(this.earlyHeader());
      c.socket.write(chunk);
    }
    const got = this.earlyChunks.reduce((n, c) => n + c.length, 0);
    if (got >= s.file.size) {
      for (const c of s.children) {
        if (c.state !== 'sending') continue;
        c.state = 'done';
        c.socket.end();
      }
    }
  }

  /** Power lost: parked joiners' waits go. */
  shutdown(): void {
    for (const p of this.parked.values()) p.cancel();
    this.parked.clear();
  }
}
