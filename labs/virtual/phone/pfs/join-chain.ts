// One TCP join of a file's hierarchy (TCP 4051): connect to a parent, send JOIN, follow
// its REDIRECT down the tree (or, refused, go back to the root), and take the whole file,
// checked while it arrives. joining.ts decides what to do when this ends without a copy.
import { twinLines } from '../console-lines.ts';
import { PFS_PORT, decodeHeader, encodeHeader } from './messages.ts';
import { PeerReceiver } from './peer-receiver.ts';
import type { SessionCore } from './session-core.ts';
import { sleep } from './waits.ts';

export type JoinOutcome =
  | { kind: 'ok'; content: Buffer; parent: string }
  | { kind: 'lost'; parent: string; bytes: number }
  /** Connected, then said nothing for parentSilenceMs: this phone hung up, the parent did not. */
  | { kind: 'silent'; parent: string; bytes: number }
  | { kind: 'unreachable'; parent: string }
  | { kind: 'corrupt'; parent: string; why: string };

/** Redirects followed in one join, and rejoins of lost parents that cost no attempt (joining.ts). */
export const MAX_HOPS = 32;

export class JoinChain {
  private readonly acceptWaiters = new Map<string, (path: string[]) => void>();
  /** Where copies from parents land; kept across hops and attempts (peer-receiver.ts). */
  private receiveBuffer: Buffer | undefined;

  /** `accepted`: a parent's ACCEPT datagram came while this phone waited on it. */
  constructor(
    private readonly s: SessionCore,
    private readonly accepted: (parent: string, path: string[]) => void,
  ) {}

  /** Joins `first` and follows its REDIRECTs and REFUSEs; the copy, or how the chain ended. */
  async join(first: string): Promise<JoinOutcome> {
    const { s } = this;
    const { ctx, file } = s;
    let target = first;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      s.state.transition('joining', `join ${target}`);
      s.say(twinLines.join.write(s.xid, target, s.path));
      // The file's buffer is taken only when a parent starts sending it: a thousand phones
      // walking down the tree at once would otherwise each hold one while they wait.
      const receiver = new PeerReceiver((line) => {
        const h = decodeHeader(line);
        if (h?.verb !== 'DATA' || h.size !== file.size) return undefined;
        // The process holds a verified copy already (other phones of it got the file): this
        // phone's copy is received and checked, then it keeps that one (shared-files.ts).
        if (ctx.held(file.sha256)) return { check: file.size };
        return (this.receiveBuffer ??= ctx.receiveBuffer(file.size));
      });
      const socket = ctx.net.connectTcp(ctx.ip, target, PFS_PORT, receiver.onread);
      s.sockets.add(socket);
      socket.once('close', () => {
        s.sockets.delete(socket);
        receiver.end();
      });
      let silent = false;
      socket.setTimeout(ctx.ms('parentSilenceMs'), () => {
        silent = true;
        socket.destroy(new Error('parent silent'));
      });
      const lost = (bytes: number): JoinOutcome => ({ kind: silent ? 'silent' : 'lost', parent: target, bytes });
      s.joiningVia = target;
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('error', () => resolve(false));
      });
      socket.on('error', () => receiver.end());
      if (!connected) {
        s.say(twinLines['join-failed'].write(s.xid, target));
        return { kind: 'unreachable', parent: target };
      }
      const accepted = new Promise<string[]>((resolve) => this.acceptWaiters.set(target, resolve));
      void accepted.then((path) => this.accepted(target, path));
      socket.write(encodeHeader({ verb: 'JOIN', xid: s.xid, model: ctx.model, file: file.name, slots: s.maxChildren() }));
      const line = await receiver.line().catch(() => undefined);
      this.acceptWaiters.delete(target);
      const h = line === undefined ? undefined : decodeHeader(line);
      if (h?.verb === 'REDIRECT') {
        s.say(twinLines.redirected.write(s.xid, target, h.to));
        socket.destroy();
        target = h.to;
        continue;
      }
      if (h?.verb === 'REFUSE') {
        s.say(twinLines.refused.write(s.xid, target, h.reason));
        socket.destroy();
        await sleep(ctx.ms('advertMs'), ctx.signal);
        target = s.rootIp ?? target;
        continue;
      }
      if (h?.verb !== 'DATA') {
        socket.destroy();
        return lost(0);
      }
      if (h.size !== file.size) {
        socket.destroy();
        const why = `size ${h.size}, manifest says ${file.size}`;
        s.say(twinLines['rx-file'].write(s.xid, s.path, target, h.size, why));
        return { kind: 'corrupt', parent: target, why };
      }
      // Checked while it arrives (peer-receiver.ts): a whole-file check at the end would stall
      // the event loop that hundreds of phones share in the scale bench.
      const body = await receiver.body();
      socket.destroy();
      if (!body) return lost(receiver.bodyBytes);
      const why = ctx.verifyChecksum(file, body.size, body.crc32);
      s.say(twinLines['rx-file'].write(s.xid, s.path, target, body.size, why));
      if (why) return { kind: 'corrupt', parent: target, why };
      const content = body.buffer ?? ctx.held(file.sha256);
      if (!content) return lost(body.size);
      this.receiveBuffer = undefined;
      return { kind: 'ok', content, parent: target };
    }
    return { kind: 'unreachable', parent: target };
  }

  /** The parent's ACCEPT datagram: heard only from the parent this phone is joining. */
  onAcceptDatagram(from: string, path: string[]): void {
    this.acceptWaiters.get(from)?.(path);
  }
}
