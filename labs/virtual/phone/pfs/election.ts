// The election of a file's root by random strength (pfs-reference §2): listen, claim, advert,
// yield to a stronger claimer, confirm as root when every advert went unanswered, or learn
// the root from its claim. One election at a time; the session (file-session.ts) starts one
// when it has no root to join, and hierarchy.ts takes over once this phone is the root.
import { createHash, randomInt } from 'node:crypto';
import { publishedLines, twinLines } from '../console-lines.ts';
import type { ClaimMessage } from './messages.ts';
import { afterPhoneTime } from './loop-clock.ts';
import type { SessionCore } from './session-core.ts';
import { afterPendingInput } from './waits.ts';

export type ElectionResult = { root: true } | { root: false; rootIp: string };

export class Election {
  private strength = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Cancels the yielded phone's wait for a root claim (phone time: loop-clock.ts). */
  private cancelYieldWait: (() => void) | undefined;
  private electionDone: ((e: ElectionResult) => void) | undefined;
  private electionFailed: ((e: Error) => void) | undefined;

  /** `becomeRoot`: this phone was confirmed root (state 'root' already): hierarchy.ts starts its hierarchy. */
  constructor(
    private readonly s: SessionCore,
    private readonly becomeRoot: () => void,
  ) {}

  /** The session is in an election: a claim is the election's business (a session is 'new' only until obtain() starts, in the same turn). */
  get deciding(): boolean {
    return this.s.state.is('listening', 'claiming', 'yielded');
  }

  elect(): Promise<ElectionResult> {
    return new Promise<ElectionResult>((resolve, reject) => {
      this.electionDone = resolve;
      this.electionFailed = reject;
      this.listen('the phone reaches the file: election');
    });
  }

  /**
   * Listens for one to two advert periods before claiming (the published log shows ~0.5 s
   * between opening the port and the first claim): a phone that hears a claim in that time
   * never claims (see onClaim), so a thousand phones booting together send a handful of
   * claims, not a thousand.
   */
  private listen(why: string): void {
    this.s.state.transition('listening', why);
    this.strength = randomInt(1, 0xffffffff);
    const advert = this.s.ctx.ms('advertMs');
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
    const { s } = this;
    const { ctx } = s;
    if (!s.state.is('listening')) return;
    s.state.transition('claiming', 'one to two adverts passed without a claim heard');
    s.say(publishedLines.sendOffer());
    s.say(publishedLines.claimRoot(s.xid, s.map, hex8(this.strength)));
    s.broadcastClaim('tent', hex8(this.strength));
    const period = ctx.ms('advertMs');
    let adverts = 0;
    let lateTicks = 0;
    let due = performance.now() + period;
    const tick = () => {
      if (!s.state.is('claiming')) return;
      // A period that ran more than a period late was deaf for a while (its rival, deaf too,
      // may not have heard it): it does not count, up to `adverts` such periods.
      const late = performance.now() - due > period && lateTicks++ < ctx.adverts;
      due = performance.now() + period;
      s.say(publishedLines.timeoutTrace());
      s.say(publishedLines.timeout(s.xid));
      if (late || adverts < ctx.adverts) {
        if (!late) adverts++;
        s.say(publishedLines.sendOffer());
        s.say(publishedLines.advert(s.xid, adverts));
        s.broadcastClaim('tent', hex8(this.strength));
        this.timer = setTimeout(() => afterPendingInput(tick), period);
        return;
      }
      s.say(publishedLines.rootConfirmed());
      const h = createHash('sha256').update(`${s.xid}${this.strength}`).digest('hex').slice(0, 8);
      s.say(publishedLines.hroot(s.xid, h, ctx.model, ctx.ip, s.path));
      s.state.transition('root', 'every advert went unanswered: confirmed root');
      s.rootIp = ctx.ip;
      this.becomeRoot();
      this.settle({ root: true });
    };
    this.timer = setTimeout(() => afterPendingInput(tick), period);
  }

  private settle(e: ElectionResult): void {
    clearTimeout(this.timer);
    this.cancelYieldWait?.();
    const done = this.electionDone;
    this.electionDone = this.electionFailed = undefined;
    done?.(e);
  }

  /** A claim for this file by another phone while this one is deciding (see `deciding`). */
  onClaim(m: ClaimMessage, from: string): void {
    const { s } = this;
    const { ctx } = s;
    if (m.state === 'root') {
      s.say(twinLines['root-heard'].write(s.xid, from, m.model, s.path));
      clearTimeout(this.timer);
      this.settle({ root: false, rootIp: from });
      return;
    }
    // A phone still listening yields to any claimer: an election is under way, and a
    // stronger newcomer would restart its countdown. Phones reach a file one after another
    // as it spreads down the previous file's tree, and the tenth of a second between them
    // let a thousand phones drag an election on for seconds. Strength decides between
    // phones that claim at once.
    const theirs = Number.parseInt(m.strength, 16);
    const higher = s.state.is('listening') || theirs > this.strength || (theirs === this.strength && from > ctx.ip);
    if (!higher) return;
    // Yield, or (already yielded) keep waiting: a stronger phone is still claiming, and
    // is heard, so its root claim will come.
    if (!s.state.is('yielded')) s.say(twinLines.yield.write(s.xid, from, m.strength));
    clearTimeout(this.timer);
    s.state.transition('yielded', s.state.is('yielded') ? 'another stronger claim heard: keep waiting' : 'a claim heard');
    // Phone time, after reading what came meanwhile (loop-clock.ts): a stalled loop had
    // the root claim waiting unread while this wait ran out, and claimed again.
    this.cancelYieldWait?.();
    this.cancelYieldWait = afterPhoneTime(() => ctx.now(), ctx.ms('yieldWaitMs'), () => {
      if (!s.state.is('yielded')) return;
      s.say(twinLines['no-root'].write(s.xid, ctx.ms('yieldWaitMs')));
      this.listen('no root claim within yieldWaitMs: claim again');
    });
  }

  /** Power lost: the election's timers go, and a pending elect() rejects. */
  shutdown(): void {
    clearTimeout(this.timer);
    this.cancelYieldWait?.();
    this.electionFailed?.(new Error('power lost'));
    this.electionDone = this.electionFailed = undefined;
  }
}

export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
