// The upgrade-time model of `pfslab plan`: how long a branch's firmware upgrade takes, and how
// many bytes cross the WAN, traditionally (every phone fetches every file from TFTP) and
// with PFS (one fetch per file per model per subnet, then store-and-forward down a binary
// tree on the LAN). Pure arithmetic, no I/O: MODEL.md derives each equation, constants.ts
// says where each constant comes from.
import type { PlanConstants, PhoneTimers } from './constants.ts';
import { overflowFetch } from './overflow.ts';

/** The WAN between the branch and the TFTP server. */
export interface Wan {
  /** Bandwidth, bits per second (each direction). */
  bitsPerSecond: number;
  /** Round-trip time, ms. */
  rttMs: number;
  /** Packets lost per direction, percent. */
  lossPercent: number;
}

export interface FileSize {
  name: string;
  /** Bytes. */
  size: number;
}

/** The phones of one model in one subnet: one PFS hierarchy per file. */
export interface PhoneGroup {
  subnet: string;
  model: string;
  phones: number;
  /** The load's component files, in the order the phones fetch them. */
  files: readonly FileSize[];
}

/**
 * How the upgrade runs: the phones' TFTP options and timers, and the scales a virtual lab
 * runs at (1 and 1 for a real lab). `timeScale` multiplies the phones' own timers (boot,
 * election, root wait, linger), not the WAN; `sizeScale` the files' sizes.
 */
export interface RunShape {
  blockSize: number;
  windowSize: number;
  timers: PhoneTimers;
  timeScale: number;
  sizeScale: number;
}

export interface MethodPrediction {
  /** From power-on to the last phone running the target load. */
  seconds: number;
  /** From power-on to the first phone running it. */
  firstSeconds: number;
  /** Firmware bytes (the load's component files) carried from the TFTP server over the WAN, retransmissions excluded. */
  wanBytes: number;
  /** Firmware bytes copied phone to phone on the branch LAN (TCP 4051). */
  lanBytes: number;
  /** The WAN's busiest rate towards the branch, bits per second. */
  peakWanBitsPerSecond: number;
  /**
   * Present when the phones' blocks overflow what the WAN holds (traditional upgrade): the
   * give-up law's figures, and `seconds` is then a lower bound (MODEL.md, "Past the WAN's overflow").
   */
  overflow?: OverflowFigures;
}

/** The traditional upgrade past the WAN's overflow: why its time is a lower bound, in numbers. */
export interface OverflowFigures {
  /** The phones' blocks in flight over what the WAN holds (wanOverflow), above 1. */
  ratio: number;
  /** Share of the blocks sent that the full queue drops (the law's fixed point). */
  dropShare: number;
  /** Times a phone begins a file again, per file (mean; the group that takes longest). */
  restartsPerFile: number;
  /** Share of the link's DATA that belongs to a read that completes. */
  usefulShare: number;
  /** Always true: the law with independent drops leaves out what makes the twin slower still (MODEL.md); the time is at least this. */
  secondsIsLowerBound: true;
  /** The law's estimate, resent blocks dropped `resendDropFactor` times as often as first sendings (one fitted constant). */
  estimateSeconds: number;
  /** Its restarts per file. */
  estimateRestartsPerFile: number;
}

export interface GroupPrediction {
  group: PhoneGroup;
  traditional: MethodPrediction;
  pfs: MethodPrediction;
  /** Levels below the root of each file's tree. */
  treeDepth: number;
}

/** Ethernet (14) + IPv4 (20) + UDP (8) around every TFTP packet: what a shaper counts. */
export const FRAME_OVERHEAD_BYTES = 42;
/** TFTP DATA header: opcode + block number. */
const TFTP_DATA_HEADER = 4;

/** One phone's window of DATA blocks as the WAN carries it, headers included. */
export function windowBytes(shape: Pick<RunShape, 'blockSize' | 'windowSize'>): number {
  return shape.windowSize * (shape.blockSize + TFTP_DATA_HEADER + FRAME_OVERHEAD_BYTES);
}

/**
 * How many times what the WAN holds at once (a round trip in flight plus its queue) `flows`
 * phones' windows ask for: above 1, the queue drops blocks every round.
 */
export function wanOverflow(flows: number, wan: Wan, shape: Pick<RunShape, 'blockSize' | 'windowSize'>, k: Pick<PlanConstants, 'wanQueueS'>): number {
  return (flows * windowBytes(shape)) / ((wan.bitsPerSecond / 8) * (wan.rttMs / 1000 + k.wanQueueS));
}

const scaledSize = (size: number, shape: RunShape) => (shape.sizeScale === 1 ? size : Math.max(1, Math.round(size * shape.sizeScale)));
const timer = (ms: number, shape: RunShape) => (ms * shape.timeScale) / 1000;

/** DATA blocks of one transfer: the last block is short, and empty when the size is a multiple of the block. */
export function blocksOf(size: number, blockSize: number): number {
  return Math.floor(size / blockSize) + 1;
}

/**
 * Seconds of one round of lock-step TFTP (a window out, its ACK back) when `flows` fetches
 * share the WAN: each round a flow spends the round trip away from the link, then its
 * window's frames wait their turn on the link. The exact mean-value analysis of that closed
 * queueing network (Reiser and Lavenberg's MVA: a delay station and one FIFO server) runs
 * smoothly from one flow's pace (RTT + its frames) to the link's (flows x frames), including
 * the queueing in between that min/max bounds miss.
 */
export function roundSeconds(flows: number, wan: Wan, shape: RunShape, k: PlanConstants): number {
  const think = wan.rttMs / 1000 + k.perRoundTripS;
  const n = Math.max(1, Math.round(flows));
  // Flows whose windows overflow what the WAN holds are not queued here but dropped: that is
  // the give-up law's (overflowFetch); a short burst of them (config files) is over first.
  const useful = k.saturatedEfficiency;
  const service = (windowBytes(shape) * 8) / (wan.bitsPerSecond * useful);
  let queue = 0;
  let response = service;
  for (let i = 1; i <= n; i += 1) {
    response = service * (1 + queue);
    const throughput = i / (think + response);
    queue = throughput * response;
    // Deep in saturation the link alone sets the pace: the rest of the recursion adds nothing.
    if (i * service > 50 * (think + service)) return n * service;
  }
  return think + response;
}

/**
 * Seconds one TFTP fetch takes while `flows` fetches of the same size run at once: the request
 * and its OACK (one round trip), then one round per window of blocks (roundSeconds); a lost
 * DATA or ACK costs the phone's TFTP timeout.
 */
export function fetchSeconds(size: number, wan: Wan, shape: RunShape, k: PlanConstants, flows = 1): number {
  const blocks = blocksOf(size, shape.blockSize);
  const windows = Math.ceil(blocks / shape.windowSize);
  const rtt = wan.rttMs / 1000 + k.perRoundTripS;
  const p = wan.lossPercent / 100;
  const lostRounds = windows * (1 - (1 - p) ** (shape.windowSize + 1));
  return rtt + windows * roundSeconds(flows, wan, shape, k) + lostRounds * (k.tftpTimeoutS + rtt) + k.perFetchS;
}

/**
 * A small file every phone fetches at once (config file, manifest: a few blocks each): the
 * WAN shared without the collapse of a long overflow, plus one retransmission timeout for the
 * phones whose block the queue dropped (the sweep's 300 and 1,000 PFS points showed the storm
 * at power-on and after the reboot costs about that).
 */
function burstFetchSeconds(size: number, wan: Wan, shape: RunShape, k: PlanConstants, phones: number): number {
  const blocks = blocksOf(size, shape.blockSize);
  const windows = Math.ceil(blocks / shape.windowSize);
  const rtt = wan.rttMs / 1000 + k.perRoundTripS;
  return rtt + windows * roundSeconds(phones, wan, shape, k) + (wanOverflow(phones, wan, shape, k) > 1 ? k.tftpTimeoutS : 0) + k.perFetchS;
}

/** Levels below the root of a binary tree of n phones (the twin fills it level by level). */
export function treeDepth(phones: number): number {
  return phones <= 1 ? 0 : Math.floor(Math.log2(phones));
}

/** Seconds of the phone's fetch of its config file (SEP<MAC>.cnf.xml; not scaled: CUCM writes it). */
function configFetch(wan: Wan, shape: RunShape, k: PlanConstants, phones: number): number {
  return burstFetchSeconds(k.configFileBytes, wan, shape, k, phones);
}

/** Bits of a phone's config file and the manifest on the WAN, headers included. */
function smallFilesBits(shape: RunShape, k: PlanConstants): number {
  const frames = blocksOf(k.configFileBytes, shape.blockSize) + blocksOf(k.manifestBytes, shape.blockSize);
  return (k.configFileBytes + k.manifestBytes + frames * (TFTP_DATA_HEADER + FRAME_OVERHEAD_BYTES)) * 8;
}

/** From the load's last file in hand to running it: reboot, boot, config file again. */
function rebootTail(wan: Wan, shape: RunShape, k: PlanConstants, phones: number): number {
  return timer(shape.timers.rebootMs + shape.timers.bootMs, shape) + configFetch(wan, shape, k, phones);
}

/** Power-on to the first component request of the last phone: boot, config file, the load's manifest, all phones at once. */
function startup(wan: Wan, shape: RunShape, k: PlanConstants, phones: number): number {
  return timer(shape.timers.bootMs, shape) + configFetch(wan, shape, k, phones) + burstFetchSeconds(k.manifestBytes, wan, shape, k, phones);
}

/**
 * Seconds of one round of a phone's fetch while the power-on storm fills the WAN: the round
 * trip, plus the wait behind every other phone's block in the WAN's queue, which a drop-tail
 * queue bounds at `wanQueueS` (what does not fit is dropped: those phones come later).
 */
function stormRoundSeconds(wan: Wan, shape: RunShape, k: PlanConstants, phones: number): number {
  const windowBits = windowBytes(shape) * 8;
  return wan.rttMs / 1000 + k.perRoundTripS + Math.min(k.wanQueueS, ((phones - 1) * windowBits) / wan.bitsPerSecond);
}

/**
 * Power-on to the first component request of the FIRST phones: the ones whose blocks the
 * queue kept (the twin's roots of the first file come from them: the sweep's 300 phones over
 * 1.5 Mbit/s and 300 ms began the first file's election 3.3 s after power-on, while the last
 * phone had its manifest only after 14 s). PFS's chain of files starts here; the storm's
 * latecomers join the trees later (predictPfsGroup).
 */
function headStart(wan: Wan, shape: RunShape, k: PlanConstants, phones: number): number {
  // The request and its OACK are a few bytes: one round trip; each window of DATA then waits in the storm's queue.
  const fetch = (size: number) => wan.rttMs / 1000 + k.perRoundTripS + Math.ceil(blocksOf(size, shape.blockSize) / shape.windowSize) * stormRoundSeconds(wan, shape, k, phones) + k.perFetchS;
  return timer(shape.timers.bootMs, shape) + fetch(k.configFileBytes) + fetch(k.manifestBytes);
}

/**
 * A root's fetch that starts at `start` while the power-on storm lasts until `stormEnd`: its
 * rounds then wait in the storm's queue (stormRoundSeconds), after it at the pace of `flows`
 * roots (fetchSeconds). The sweep's 300 phones over 1.5 Mbit/s, 300 ms: the first file's
 * root read 10 rounds in 4.9 s, against 3.1 s on a quiet WAN.
 */
function fetchInStormSeconds(size: number, start: number, stormEnd: number, wan: Wan, shape: RunShape, k: PlanConstants, flows: number, phones: number): number {
  const quiet = fetchSeconds(size, wan, shape, k, flows);
  if (start >= stormEnd) return quiet;
  const rounds = 1 + Math.ceil(blocksOf(size, shape.blockSize) / shape.windowSize);
  const quietRound = (quiet - k.perFetchS) / rounds;
  const stormRound = stormRoundSeconds(wan, shape, k, phones);
  const inStorm = Math.min(rounds, Math.ceil((stormEnd - start) / stormRound));
  return inStorm * stormRound + (rounds - inStorm) * quietRound + k.perFetchS;
}

/**
 * Traditional upgrade of the phones of every group at once (they share the WAN): files one
 * after another per phone, all phones in step.
 */
export function predictTraditional(groups: readonly PhoneGroup[], wan: Wan, shape: RunShape, k: PlanConstants): MethodPrediction {
  const total = groups.reduce((n, g) => n + g.phones, 0);
  const longest = Math.max(...groups.map((g) => g.files.length));
  const ratio = wanOverflow(total, wan, shape, k);
  // Power-on to the first read, and the last read to the phones running the load.
  const around = startup(wan, shape, k, total) + rebootTail(wan, shape, k, total);
  let files = 0;
  let peak = 0;
  for (let i = 0; i < longest; i += 1) {
    // The i-th file of every group moves at once, all phones sharing the WAN; the largest sets the pace.
    const sizes = groups.flatMap((g) => (g.files[i] ? Array.from({ length: g.phones }, () => scaledSize(g.files[i]?.size ?? 0, shape)) : []));
    files += fetchSeconds(sizes.reduce((m, x) => Math.max(m, x), 0), wan, shape, k, sizes.length);
    peak = Math.max(peak, Math.min(wan.bitsPerSecond, (sizes.length * windowBytes(shape) * 8) / (wan.rttMs / 1000 + k.perRoundTripS)));
  }
  let overflow: OverflowFigures | undefined;
  if (ratio > 1) {
    // Past the overflow the queue drops blocks every round and the phones abandon reads: the
    // give-up law, with drops independent of each other (its lower bound) and with resent
    // blocks dropped `resendDropFactor` times as often (its estimate).
    const law = (resendDropFactor: number) => {
      const r = overflowFetch(
        groups.map((g) => ({ phones: g.phones, rounds: g.files.map((f) => Math.ceil(blocksOf(scaledSize(f.size, shape), shape.blockSize) / shape.windowSize)) })),
        {
          windowsPerSecond: wan.bitsPerSecond / 8 / windowBytes(shape),
          windowSize: shape.windowSize,
          roundTripS: wan.rttMs / 1000 + k.perRoundTripS,
          queueS: k.wanQueueS,
          loss: wan.lossPercent / 100,
          clientTimeoutS: k.tftpTimeoutS,
          clientRetries: k.tftpRetries,
          serverTimeoutS: k.serverTimeoutS,
          serverRetries: k.serverRetries,
          restartS: timer(shape.timers.bootMs, shape),
          perFetchS: k.perFetchS,
          resendDropFactor,
        },
      );
      const slowest = r.seconds.reduce((m, s, i) => (s > (r.seconds[m] ?? -1) ? i : m), 0);
      return { ...r, files: r.seconds[slowest] ?? Infinity, restarts: r.restartsPerFile[slowest] ?? Infinity };
    };
    const bound = law(1);
    const estimate = law(k.resendDropFactor);
    files = bound.files;
    overflow = {
      ratio,
      dropShare: bound.dropShare,
      restartsPerFile: bound.restarts,
      usefulShare: bound.usefulShare,
      secondsIsLowerBound: true,
      estimateSeconds: around + estimate.files,
      estimateRestartsPerFile: estimate.restarts,
    };
  }
  const seconds = around + files;
  const wanBytes = groups.reduce((n, g) => n + g.phones * g.files.reduce((m, f) => m + scaledSize(f.size, shape), 0), 0);
  // All phones move in step: the first finishes a pace-bound fetch ahead of the rest only when the WAN is not the bound.
  const firstSeconds = startup(wan, shape, k, total) + groups.reduce((best, g) => Math.min(best, g.files.reduce((n, f) => n + fetchSeconds(scaledSize(f.size, shape), wan, shape, k), 0)), Infinity) + rebootTail(wan, shape, k, total);
  return { seconds, firstSeconds: Math.min(firstSeconds, seconds), wanBytes, lanBytes: 0, peakWanBitsPerSecond: total > 0 ? peak : 0, ...(overflow ? { overflow } : {}) };
}

/**
 * PFS upgrade of one group, whose root fetches share the WAN with `concurrentRoots` other
 * groups' roots. Per file: an election (listen, claim, adverts), the root's wait, the root's
 * fetch; the next file's election starts when its root (the first phone with the previous
 * file) has that file. Each file then goes down the tree, one store-and-forward hop per level.
 */
export function predictPfsGroup(group: PhoneGroup, wan: Wan, shape: RunShape, k: PlanConstants, concurrentRoots = 1, concurrentPhones = group.phones): MethodPrediction & { treeDepth: number } {
  const t = shape.timers;
  const depth = treeDepth(group.phones);
  const election = timer(t.advertMs * (t.adverts + 1 + k.listenAdverts), shape);
  const rootWait = timer(t.rootWaitMs, shape);
  const roots = Math.max(1, concurrentRoots);
  // Every phone of the branch fetches its config file and the manifest at power-on, and the config file again after the reboot: at once.
  const phonesAtOnce = Math.max(group.phones, concurrentPhones);
  // The chain of files starts with the storm's first phones; its last phones reach the first
  // file when the storm is over, and join its tree then (a leaf's place: one hop).
  const stormEnd = startup(wan, shape, k, phonesAtOnce);
  let rootHas = headStart(wan, shape, k, phonesAtOnce);
  let lastHas = stormEnd;
  let lastHop = 0;
  for (const f of group.files) {
    const size = scaledSize(f.size, shape);
    rootHas += election + rootWait;
    rootHas += fetchInStormSeconds(size, rootHas, stormEnd, wan, shape, k, roots, phonesAtOnce);
    // A parent sends to its two children at once: each copy gets half of its LAN port.
    lastHop = (2 * size * 8) / k.lanBitsPerSecond + k.perHopS;
    lastHas = group.phones > 1 ? Math.max(rootHas + depth * lastHop, lastHas + lastHop) : rootHas;
  }
  const linger = timer(t.lingerMs + t.advertMs / 2, shape);
  const seconds = lastHas + linger + rebootTail(wan, shape, k, phonesAtOnce);
  const firstSeconds = (group.phones > 1 ? rootHas + lastHop : rootHas) + linger + rebootTail(wan, shape, k, phonesAtOnce);
  const loadBytes = group.files.reduce((n, f) => n + scaledSize(f.size, shape), 0);
  return {
    seconds,
    firstSeconds: Math.min(firstSeconds, seconds),
    wanBytes: loadBytes,
    lanBytes: (group.phones - 1) * loadBytes,
    // The roots' lock-step fetches, or the second in which every phone fetches its config file
    // and the manifest at once (at power-on, and the config file again after the reboot).
    peakWanBitsPerSecond: Math.min(
      wan.bitsPerSecond,
      Math.max((roots * windowBytes(shape) * 8) / (wan.rttMs / 1000 + k.perRoundTripS), group.phones * smallFilesBits(shape, k)),
    ),
    treeDepth: depth,
  };
}

export interface Prediction {
  groups: GroupPrediction[];
  traditional: MethodPrediction;
  pfs: MethodPrediction;
}

/**
 * Both methods for a whole branch: every group upgrades at once. Traditional: all phones share
 * the WAN. PFS: each group's hierarchy runs on its own; their roots share the WAN.
 */
export function predict(groups: readonly PhoneGroup[], wan: Wan, shape: RunShape, k: PlanConstants): Prediction {
  const roots = groups.length;
  const perGroup = groups.map((g) => {
    const pfs = predictPfsGroup(g, wan, shape, k, roots, groups.reduce((n, x) => n + x.phones, 0));
    return { group: g, traditional: predictTraditional([g], wan, shape, k), pfs, treeDepth: pfs.treeDepth };
  });
  const traditional = predictTraditional(groups, wan, shape, k);
  const pfsAll = perGroup.map((g) => g.pfs);
  const pfs: MethodPrediction = {
    seconds: Math.max(...pfsAll.map((p) => p.seconds)),
    firstSeconds: Math.min(...pfsAll.map((p) => p.firstSeconds)),
    wanBytes: pfsAll.reduce((n, p) => n + p.wanBytes, 0),
    lanBytes: pfsAll.reduce((n, p) => n + p.lanBytes, 0),
    peakWanBitsPerSecond: pfsAll.length > 0 ? Math.max(...pfsAll.map((p) => p.peakWanBitsPerSecond)) : 0,
  };
  return { groups: perGroup, traditional, pfs };
}

/**
 * The smallest number of phones (of this one group's model and load) from which PFS is at
 * least as fast as the traditional upgrade over this WAN, or undefined when it never is up
 * to `limit` phones.
 */
export function breakEvenPhones(group: Omit<PhoneGroup, 'phones'>, wan: Wan, shape: RunShape, k: PlanConstants, limit = 100_000): number | undefined {
  const faster = (n: number) => {
    const g = { ...group, phones: n };
    return predictPfsGroup(g, wan, shape, k).seconds <= predictTraditional([g], wan, shape, k).seconds;
  };
  // PFS's advantage grows with n (the traditional time grows linearly once the WAN is the
  // bound, PFS's by one hop per doubling): find the first n by doubling, then bisect.
  let hi = 1;
  while (hi <= limit && !faster(hi)) hi *= 2;
  if (hi > limit) return faster(limit) ? limit : undefined;
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (faster(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
