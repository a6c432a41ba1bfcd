// The root's map of its hierarchy (the virtual lab's protocol, WIRE-FORMAT.md): every phone
// in the order it joined, with the child slots not yet given away, so that the root can send
// each joiner straight to its parent: the first phone, in joining order, with a slot left
// (breadth first: the tree stays as shallow as a binary tree can be).
//
// Why the root places joiners at all, instead of each full parent redirecting one level down:
// a thousand phones would each walk ten TCP connections down the tree, and a Node process
// accepts one connection per turn of its event loop, so the root alone, joined by everybody,
// took tens of seconds to accept them in the scale bench. A placement request is one UDP
// datagram each way, and the only TCP connection a phone opens is to its parent.

interface Placed {
  ip: string;
  /** Child slots not given away yet. */
  free: number;
  /** Reported gone (left, or unreachable): nobody is placed under it until it asks again. */
  gone: boolean;
  /** Where the root last placed it (undefined: the root itself, or it joined over TCP). */
  parent?: string;
}

export class Placement {
  private readonly order: Placed[] = [];
  private readonly byIp = new Map<string, Placed>();
  /** The answer given to each request (`ip#attempt`): a repeated datagram gets the same one. */
  private readonly answers = new Map<string, string>();
  /** order[i] for i below it has no slot left. */
  private cursor = 0;

  constructor(rootIp: string, rootSlots: number) {
    this.add(rootIp, rootSlots);
  }

  /**
   * The parent `from` is to connect to, taking `slots` children itself; `attempt` numbers its
   * requests (a retransmission repeats the number, a rejoin after a lost parent does not);
   * without one (a JOIN that reached the root over TCP) nothing is remembered. Undefined when
   * no phone has a slot left.
   */
  place(from: string, slots: number, attempt?: number): string | undefined {
    const key = attempt === undefined ? undefined : `${from}#${attempt}`;
    const known = key === undefined ? undefined : this.answers.get(key);
    if (known !== undefined) return known;
    while ((this.order[this.cursor]?.free ?? 1) <= 0) this.cursor++;
    for (let i = this.cursor; i < this.order.length; i++) {
      const p = this.order[i];
      if (!p || p.free <= 0 || p.ip === from) continue;
      // Never under its own subtree: a relay that lost its parent and rejoins keeps its
      // children, and the first free slots in joining order are often theirs. Placed there, it
      // waited on a phone that waited on it: the phones below refused or parked it (ancestor,
      // not-in-hierarchy) until their own timers ran out, and it came back here to be placed
      // there again; under load, whole subtrees went round this for minutes and fell back to
      // TFTP, or the bench never ended. What the root knows of the tree decides, not a timer.
      if (this.isBelow(p.ip, from)) continue;
      p.free--;
      // A rejoining relay keeps its entry (and the slots its own children hold); a phone that
      // was reported gone and asks again is back (rebooted): its slots are all free again.
      const known = this.byIp.get(from);
      if (!known) this.add(from, slots, p.ip);
      else {
        known.parent = p.ip;
        if (known.gone) {
          known.gone = false;
          known.free = slots;
          this.cursor = 0;
        }
      }
      if (key !== undefined) this.answers.set(key, p.ip);
      return p.ip;
    }
    return undefined;
  }

  /** Phones placed so far, the root included (gone ones too: they were part of the upgrade). */
  get size(): number {
    return this.order.length;
  }

  /** A joiner could not reach `ip` or lost it: nobody is placed there any more. */
  gone(ip: string): void {
    const p = this.byIp.get(ip);
    if (!p) return;
    p.free = 0;
    p.gone = true;
  }

  /** A phone that joined the root directly over TCP (it was not placed by request). */
  joined(ip: string, slots: number): void {
    if (!this.byIp.has(ip)) this.add(ip, slots);
  }

  /** Whether `ip` is `ancestor` or in its subtree, as far as the root placed them. */
  private isBelow(ip: string, ancestor: string): boolean {
    let at: string | undefined = ip;
    // Bounded: a map that somehow holds a loop must not hang the root.
    for (let hops = 0; at !== undefined && hops <= this.order.length; hops++) {
      if (at === ancestor) return true;
      at = this.byIp.get(at)?.parent;
    }
    return false;
  }

  private add(ip: string, slots: number, parent?: string): void {
    const p: Placed = { ip, free: slots, gone: false, ...(parent === undefined ? {} : { parent }) };
    this.order.push(p);
    this.byIp.set(ip, p);
  }
}
