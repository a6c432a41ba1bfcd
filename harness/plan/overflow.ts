// The give-up law: lock-step TFTP reads when the phones' blocks overflow what the WAN holds
// (a round trip in flight plus its drop-tail queue). MODEL.md, "Past the WAN's overflow",
// derives it; here only the arithmetic. Pure, no I/O.
//
// The mechanism (the twin's, bench/plan/sweep.ts, 2026-12-06): the queue is full, so a block
// the server sends is dropped with some probability d; the server sends it again after its
// own timeout; the phone abandons the read after (retries + 1) timeouts without a new block
// and, after its restart pause, reads the file again from block 1, while the server keeps
// sending the abandoned read's block until its own retries are spent. d is the one unknown:
// the drop share at which the link carries exactly its rate (the fixed point below).

/** Everything the law needs, in seconds, frames and counts. */
export interface OverflowInputs {
  /** What the link carries, in windows of DATA (headers included) per second. */
  windowsPerSecond: number;
  /** DATA frames in a window (1: lock-step). */
  windowSize: number;
  /** The WAN's round trip plus the server's and client's turn-around, seconds. */
  roundTripS: number;
  /** Seconds of traffic the WAN's queue holds before it drops. */
  queueS: number;
  /** Packets lost per direction before the queue, 0..1. */
  loss: number;
  /** The phone's TFTP timeout and the retransmissions after which it abandons a read. */
  clientTimeoutS: number;
  clientRetries: number;
  /** The server's retransmission timeout and retries. */
  serverTimeoutS: number;
  serverRetries: number;
  /** Seconds from an abandoned read to the phone's next request for the file. */
  restartS: number;
  /** Seconds per read beyond its rounds (socket set-up, verification). */
  perFetchS: number;
  /** kappa: how many times likelier the full queue drops a resent block than a first sending (1: independent drops). */
  resendDropFactor: number;
}

/** Phones that read the same files in the same order; `rounds` per file: its windows of DATA. */
export interface OverflowGroup {
  phones: number;
  rounds: readonly number[];
}

export interface OverflowLaw {
  /** Share of the first sendings of a block that the WAN's full queue drops (the fixed point; resent ones: kappa times it). */
  dropShare: number;
  /** Sendings of one block that can still reach the phone before it abandons the read. */
  chances: number;
  /** Probability that one round of a read ends with the phone abandoning the read. */
  giveUpPerRound: number;
  /** Per group: seconds of one phone's reads of all its files, restarts included (mean). */
  seconds: number[];
  /** Per group: how many times a phone begins a file again, per file (mean over its files). */
  restartsPerFile: number[];
  /** Share of the link's DATA frames that belong to a read that completes (all groups). */
  usefulShare: number;
}

/**
 * The expected rounds a read of `m` rounds runs until one attempt gets all m in a row, when
 * each round ends the attempt with probability g: (s^-m - 1) / g with s = 1 - g (a run of m
 * successes), m when g is 0. Attempts: s^-m; failed rounds: s^-m - 1.
 */
function roundsUntilRun(m: number, g: number): { rounds: number; attempts: number } {
  if (g <= 0) return { rounds: m, attempts: 1 };
  if (g >= 1) return { rounds: Infinity, attempts: Infinity };
  const growth = -m * Math.log1p(-g); // ln s^-m
  return { rounds: Math.expm1(growth) / g, attempts: Math.exp(growth) };
}

/** Per phone of a group at drop share d: its reads' seconds and the link's windows they take. */
function perPhone(group: OverflowGroup, d: number, x: OverflowInputs, chances: number) {
  const w = x.windowSize;
  // A round's sending gets through when its window and the ACK do: the queue drops a block of
  // a first sending with probability d, of a resent one with probability kappa x d (1: the
  // drops independent of each other), loss takes a block or the ACK with probability p.
  const dropOf = (j: number) => (j === 0 ? d : Math.min(1, x.resendDropFactor * d));
  const throughOf = (j: number) => (1 - dropOf(j)) ** w * (1 - x.loss) ** (w + 1);
  // A window that waits in a full queue: the queue's bound, its own frames, the round trip.
  const served = x.queueS + x.roundTripS + 1 / x.windowsPerSecond;
  // A round that succeeds at its (j+1)-th sending took j server timeouts, then one served
  // window; each sending that got into the queue is a window on the link.
  let reach = 1;
  let succeeded = 0;
  let sendingsAdmitted = 0;
  for (let j = 0; j < chances; j += 1) {
    succeeded += reach * throughOf(j) * (j * x.serverTimeoutS + served);
    sendingsAdmitted += reach * (1 - dropOf(j)) * (1 - x.loss);
    reach *= 1 - throughOf(j);
  }
  const g = chances === 0 ? 1 : reach;
  succeeded = g < 1 ? succeeded / (1 - g) : 0;
  // An abandoned round: the phone's timeouts, then its pause before it asks again.
  const abandoned = (x.clientRetries + 1) * x.clientTimeoutS + x.restartS;
  // Windows the link carries per round of DATA: the sendings that got into the queue, and
  // those of the server's retries left after the phone abandoned the read (into the void).
  const afterAbandon = Math.max(0, x.serverRetries + 1 - chances);
  const linkPerDataRound = sendingsAdmitted + g * afterAbandon * (1 - dropOf(1)) * (1 - x.loss);
  let seconds = 0;
  let link = 0;
  let useful = 0;
  let restarts = 0;
  for (const dataRounds of group.rounds) {
    // Each attempt begins with the request's round (the OACK: a few bytes, no link time).
    const m = dataRounds + 1;
    const { rounds, attempts } = roundsUntilRun(m, g);
    seconds += rounds * ((1 - g) * succeeded + g * abandoned) + attempts * x.perFetchS;
    link += (rounds - attempts) * linkPerDataRound;
    useful += dataRounds;
    restarts += attempts - 1;
  }
  // A phone stuck in a read that practically never completes: per round, its attempts' request
  // rounds are a share g of its rounds (one per abandoned attempt), its DATA rounds the rest.
  const endlessRate = ((1 - g) * linkPerDataRound) / ((1 - g) * succeeded + g * abandoned);
  return { seconds, link, useful, restarts: restarts / Math.max(1, group.rounds.length), endlessRate, g };
}

/**
 * Sendings of a block that reach the phone before it abandons the read: the server's first
 * and each retransmission T_s later, if sent before the phone's last timeout minus the trip
 * through the full queue and the round trip.
 */
export function chancesPerBlock(x: OverflowInputs): number {
  const deadline = (x.clientRetries + 1) * x.clientTimeoutS - (x.queueS + x.roundTripS + 1 / x.windowsPerSecond);
  if (deadline <= 0) return 0;
  return Math.min(x.serverRetries + 1, Math.ceil(deadline / x.serverTimeoutS));
}

/**
 * The give-up law for groups of phones that all read at once through one overflowing WAN. The
 * drop share d is where the phones' admitted windows per second equal the link's rate: each
 * phone alternates served rounds, server timeouts and abandoned reads, and the more d, the
 * longer it waits and the less it sends (bisection: the windows per second fall as d grows).
 */
export function overflowFetch(groups: readonly OverflowGroup[], x: OverflowInputs): OverflowLaw {
  const chances = chancesPerBlock(x);
  const rate = (d: number) =>
    groups.reduce((sum, g) => {
      const p = perPhone(g, d, x, chances);
      // A read that never ends: its phone's rate is that of its endless file alone.
      if (!Number.isFinite(p.seconds) || !Number.isFinite(p.link)) return sum + g.phones * p.endlessRate;
      return sum + (g.phones * p.link) / p.seconds;
    }, 0);
  let lo = 0;
  let hi = 1;
  if (chances === 0 || rate(0) <= x.windowsPerSecond) hi = 0;
  for (let i = 0; i < 60 && hi > 0; i += 1) {
    const mid = (lo + hi) / 2;
    if (rate(mid) > x.windowsPerSecond) lo = mid;
    else hi = mid;
  }
  const d = hi;
  const phones = groups.map((g) => ({ g, p: perPhone(g, d, x, chances) }));
  const link = phones.reduce((n, { g, p }) => n + g.phones * p.link, 0);
  const useful = phones.reduce((n, { g, p }) => n + g.phones * p.useful, 0);
  return {
    dropShare: d,
    chances,
    giveUpPerRound: phones[0]?.p.g ?? (chances === 0 ? 1 : 0),
    seconds: phones.map(({ p }) => (chances === 0 ? Infinity : p.seconds)),
    restartsPerFile: phones.map(({ p }) => p.restarts),
    usefulShare: Number.isFinite(link) && link > 0 ? useful / link : 0,
  };
}
