// Every copy of a firmware file the evidence shows: TFTP fetches of component files and
// TCP 4051 connections whose bulk payload is one file. The same flow seen by two capture
// points (branch LAN and WAN) is counted once.
import type { CaptureSummary, Tcp4051Connection } from '../evidence/pcap/types.ts';
import type { Edge, TftpFetch } from './analysis-types.ts';
import type { PhoneDirectory } from './phone-directory.ts';
import { baseName, isComponentFile } from './file-names.ts';

export interface FileFetch extends TftpFetch {
  file: string;
  /** When the phone had the whole file (its last data block). */
  haveTime?: number;
}

export interface FileEdge extends Edge {
  /** The file this connection carried whole; undefined when it carried no whole known file. */
  file?: string;
  /** For a connection that carried no whole file: the file it was most likely cut in (see guessCutFile). */
  cutFile?: string;
  /** Time the child had the whole file over this edge (the last bulk byte). */
  lastPayload?: number;
}

/** Same flow in two captures: same endpoints, starts within this many seconds. */
const SAME_FLOW_WINDOW_S = 2;

export function collectFetches(captures: CaptureSummary[]): FileFetch[] {
  const out: FileFetch[] = [];
  const seen = new Map<string, number[]>();
  for (const cap of captures) {
    for (const t of cap.tftp) {
      if (t.op !== 'read' || !isComponentFile(t.file)) continue;
      const key = `${t.client}:${t.clientPort}>${t.server}:${baseName(t.file)}`;
      if (isDuplicate(seen, key, t.start)) continue;
      out.push({
        phone: t.client,
        file: baseName(t.file),
        bytes: t.bytes,
        complete: t.status === 'complete',
        start: t.start,
        end: t.end,
        frame: t.requestFrame,
        capture: cap.file,
        haveTime: t.status === 'complete' ? (t.lastDataTime ?? t.end) : undefined,
      });
    }
  }
  return out;
}

/**
 * TCP 4051 connections as parent -> child edges. The side that sent the bulk of the bytes is
 * the parent, whoever opened the connection: which side connects is Cisco's unpublished
 * detail, the direction of the firmware bytes is not.
 *
 * Which file an edge carried: the file whose size the bulk bytes equal, give or take the
 * transfer header. When that fits several files (two files of a load within the header's
 * allowance of each other), size alone cannot tell, and what the capture also shows
 * decides, connections taken in the order they began (see pickAmongFits).
 */
export function collectEdges(captures: CaptureSummary[], dir: PhoneDirectory, headerAllowance: number, fetches: FileFetch[]): FileEdge[] {
  const out = distinctConnections(captures)
    .filter(({ c }) => !carriedNothing(c))
    .map(({ c, capture }) => toEdge(c, capture));
  // In the order the firmware bytes began to flow: a child may connect long before its
  // parent has anything to send (the virtual lab's children do), the bytes cannot.
  out.sort((a, b) => sendsAt(a) - sendsAt(b));
  const fits = out.map((e) => fittingFiles(e, dir, headerAllowance));
  const header = usualHeader(out, fits, dir);
  const received = new ReceivedFiles(fetches);
  out.forEach((edge, i) => {
    const f = fits[i] ?? [];
    edge.file = f.length > 1 ? pickAmongFits(edge, f, dir, received, header) : f[0];
    if (edge.file !== undefined) {
      edge.complete = true;
      received.add(edge.child, edge.file, sendsAt(edge), true, edge.parent);
    } else {
      edge.cutFile = guessCutFile(edge, dir, received);
      if (edge.cutFile !== undefined) received.add(edge.child, edge.cutFile, sendsAt(edge), false, edge.parent);
    }
  });
  return out;
}

/**
 * A connection on which neither side sent a byte: a port probe (the virtual phones ask a root
 * they have not heard from whether it is there this way), a scanner, a join given up before
 * it was sent. No file crossed it, so it is no transfer, whole or cut: taken for one, it
 * would add a child to a parent's fan-out and a "cut copy" to a phone's story.
 */
function carriedNothing(c: Tcp4051Connection): boolean {
  return c.bytesFromInitiator === 0 && c.bytesFromAcceptor === 0;
}

/** How many distinct TCP 4051 connections carried no byte either way (said in the analysis's notes). */
export function emptyConnectionCount(captures: CaptureSummary[]): number {
  return distinctConnections(captures).filter(({ c }) => carriedNothing(c)).length;
}

/** Every TCP 4051 connection once, though two capture points saw it. */
function distinctConnections(captures: CaptureSummary[]): { c: Tcp4051Connection; capture: string }[] {
  const out: { c: Tcp4051Connection; capture: string }[] = [];
  const seen = new Map<string, number[]>();
  for (const cap of captures) {
    for (const c of cap.tcp4051) {
      const key = `${c.initiator}:${c.initiatorPort}>${c.acceptor}:${c.acceptorPort}`;
      if (!isDuplicate(seen, key, c.start)) out.push({ c, capture: cap.file });
    }
  }
  return out;
}

/** When the parent began to send the file: its first payload byte (the connection's start without one). */
export function sendsAt(e: Edge): number {
  return e.firstPayload ?? e.start;
}

/** One copy a phone began to receive: from TFTP (from undefined) or from a parent. */
interface Receipt {
  file: string;
  start: number;
  whole: boolean;
  from?: string;
}

/** What each phone began to receive, and when: TFTP reads and 4051 edges into it. */
class ReceivedFiles {
  private readonly byPhone = new Map<string, Receipt[]>();

  constructor(fetches: FileFetch[]) {
    for (const f of fetches) this.add(f.phone, f.file, f.start, f.complete);
  }

  add(phone: string, file: string, start: number, whole: boolean, from?: string): void {
    const r: Receipt = from === undefined ? { file, start, whole } : { file, start, whole, from };
    const list = this.byPhone.get(phone);
    if (list) list.push(r);
    else this.byPhone.set(phone, [r]);
  }

  /** When the phone first began to receive `file` before `t` (undefined: it had not). */
  began(phone: string, file: string, t: number): number | undefined {
    let first: number | undefined;
    for (const r of this.byPhone.get(phone) ?? []) if (r.file === file && r.start <= t && (first === undefined || r.start < first)) first = r.start;
    return first;
  }

  /** Whether the phone had been sent `file` whole before `t` (by anyone, or by `from` only). */
  gotWhole(phone: string, file: string, t: number, from?: string): boolean {
    return (this.byPhone.get(phone) ?? []).some((r) => r.file === file && r.whole && r.start < t && (from === undefined || r.from === from));
  }
}

/**
 * Among files that all fit an edge's byte count, the one it carried, from what the capture
 * also shows:
 *  1. the parent can only send what it had begun to receive before the edge began (its own
 *     TFTP read, or a copy fed to it);
 *  2. the child does not need a file it already received whole;
 *  3. then the transfer header: the bytes a connection carries beyond its file are the same
 *     on every connection of one implementation, so the size of the header seen on the
 *     connections that fit one file only (`header`) picks the file;
 *  4. failing that, the file the parent began to receive first (a phone forwards files in
 *     the order it got them), and without any of this, the closest size.
 * A filter that would leave nothing is skipped: evidence that says nothing decides nothing.
 */
function pickAmongFits(edge: FileEdge, fits: string[], dir: PhoneDirectory, received: ReceivedFiles, header: number | undefined): string | undefined {
  let left = fits;
  const narrow = (keep: (f: string) => boolean): void => {
    const next = left.filter(keep);
    if (next.length > 0) left = next;
  };
  const t = sendsAt(edge);
  narrow((f) => received.began(edge.parent, f, t) !== undefined);
  narrow((f) => !received.gotWhole(edge.child, f, t));
  if (left.length === 1) return left[0];
  const over = (f: string): number => edge.bytes - (dir.fileSizes.get(f) ?? 0);
  if (header !== undefined) {
    const exact = left.filter((f) => over(f) === header);
    if (exact.length === 1) return exact[0];
  }
  const byBegin = left
    .map((f) => ({ f, at: received.began(edge.parent, f, t) }))
    .filter((x): x is { f: string; at: number } => x.at !== undefined)
    .sort((a, b) => a.at - b.at);
  if (byBegin.length > 0) return byBegin[0]?.f;
  return [...left].sort((a, b) => over(a) - over(b))[0];
}

/** The files whose size the edge's bytes equal, give or take the header; the parent's own load first. */
function fittingFiles(edge: FileEdge, dir: PhoneDirectory, headerAllowance: number): string[] {
  for (const pool of candidatePools(edge, dir)) {
    const fits = pool.filter((f) => {
      const size = dir.fileSizes.get(f);
      if (size === undefined) return false;
      const over = edge.bytes - size;
      return over >= 0 && over <= headerAllowance;
    });
    if (fits.length > 0) return [...new Set(fits)];
  }
  return [];
}

/** The most common header size on edges that fit exactly one file (undefined: none such). */
function usualHeader(edges: FileEdge[], fits: string[][], dir: PhoneDirectory): number | undefined {
  const counts = new Map<number, number>();
  edges.forEach((e, i) => {
    const only = fits[i];
    if (only?.length !== 1 || only[0] === undefined) return;
    const over = e.bytes - (dir.fileSizes.get(only[0]) ?? 0);
    counts.set(over, (counts.get(over) ?? 0) + 1);
  });
  let best: number | undefined;
  let bestCount = 0;
  for (const [over, n] of counts) {
    if (n > bestCount) {
      best = over;
      bestCount = n;
    }
  }
  return best;
}

function toEdge(c: Tcp4051Connection, capture: string): FileEdge {
  const acceptorSends = c.bytesFromAcceptor >= c.bytesFromInitiator;
  return acceptorSends
    ? {
        parent: c.acceptor,
        child: c.initiator,
        bytes: c.bytesFromAcceptor,
        complete: false,
        start: c.start,
        end: c.end,
        firstPayload: c.firstPayloadFromAcceptor,
        lastPayload: c.lastPayloadFromAcceptor,
        frames: [c.firstFrame, c.lastFrame],
        capture,
      }
    : {
        parent: c.initiator,
        child: c.acceptor,
        bytes: c.bytesFromInitiator,
        complete: false,
        start: c.start,
        end: c.end,
        firstPayload: c.firstPayloadFromInitiator,
        lastPayload: c.lastPayloadFromInitiator,
        frames: [c.firstFrame, c.lastFrame],
        capture,
      };
}

/**
 * A connection that carried less than a whole file: a cut transfer of a file bigger than
 * what crossed, that the parent had begun to receive before it began, and the child had not
 * yet got whole from this parent; the one the parent began to receive first, as a phone
 * forwards files in the order it got them. Undefined when the parent's copies say nothing.
 */
function guessCutFile(edge: FileEdge, dir: PhoneDirectory, received: ReceivedFiles): string | undefined {
  for (const pool of candidatePools(edge, dir)) {
    const held = [...new Set(pool)]
      .filter((f) => (dir.fileSizes.get(f) ?? 0) > edge.bytes && !received.gotWhole(edge.child, f, sendsAt(edge), edge.parent))
      .map((f) => ({ f, at: received.began(edge.parent, f, sendsAt(edge)) }))
      .filter((x): x is { f: string; at: number } => x.at !== undefined)
      .sort((a, b) => a.at - b.at);
    if (held.length > 0) return held[0]?.f;
  }
  return undefined;
}

function candidatePools(edge: FileEdge, dir: PhoneDirectory): string[][] {
  const parentModel = dir.phones.get(edge.parent)?.model;
  const own = parentModel === undefined ? undefined : dir.filesOfModel(parentModel);
  return [own ?? [], [...dir.fileSizes.keys()]];
}

function isDuplicate(seen: Map<string, number[]>, key: string, start: number): boolean {
  const starts = seen.get(key);
  if (starts?.some((s) => Math.abs(s - start) <= SAME_FLOW_WINDOW_S)) return true;
  if (starts) starts.push(start);
  else seen.set(key, [start]);
  return false;
}
