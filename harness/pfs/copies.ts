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
 * Which file an edge carried is decided in the order the connections began: a parent can
 * only send what it had received, so when the byte count fits several files (two files of a
 * load within the transfer header's allowance), the one the parent itself had most recently
 * received (its own TFTP read, or an edge into it already matched) wins, and size decides
 * only when the parent's own copies say nothing.
 */
export function collectEdges(captures: CaptureSummary[], dir: PhoneDirectory, headerAllowance: number, fetches: FileFetch[]): FileEdge[] {
  const out: FileEdge[] = [];
  const seen = new Map<string, number[]>();
  for (const cap of captures) {
    for (const c of cap.tcp4051) {
      const key = `${c.initiator}:${c.initiatorPort}>${c.acceptor}:${c.acceptorPort}`;
      if (isDuplicate(seen, key, c.start)) continue;
      out.push(toEdge(c, cap.file));
    }
  }
  out.sort((a, b) => a.start - b.start);
  const received = new ReceivedFiles(fetches);
  for (const edge of out) {
    edge.file = matchFile(edge, dir, headerAllowance, received);
    if (edge.file !== undefined) {
      edge.complete = true;
      received.add(edge.child, edge.file, edge.start);
    } else {
      edge.cutFile = guessCutFile(edge, dir, received);
      if (edge.cutFile !== undefined) received.add(edge.child, edge.cutFile, edge.start);
    }
  }
  return out;
}

/**
 * What each phone began to receive, and when: TFTP reads and 4051 edges into it. Kept
 * per phone, in time order, for the question "what had the parent just received?".
 */
class ReceivedFiles {
  private readonly byPhone = new Map<string, { file: string; start: number }[]>();

  constructor(fetches: FileFetch[]) {
    for (const f of fetches) this.add(f.phone, f.file, f.start);
  }

  add(phone: string, file: string, start: number): void {
    const list = this.byPhone.get(phone);
    if (list) list.push({ file, start });
    else this.byPhone.set(phone, [{ file, start }]);
  }

  /** How recently before `t` the phone began to receive `file` (smaller: more recent); Infinity: it did not. */
  ageAt(phone: string, file: string, t: number): number {
    let best = Infinity;
    for (const r of this.byPhone.get(phone) ?? []) if (r.file === file && r.start <= t && t - r.start < best) best = t - r.start;
    return best;
  }

  /** The file the phone began to receive last before `t` among `files`. */
  latestOf(phone: string, files: readonly string[], t: number): string | undefined {
    let best: string | undefined;
    let bestAge = Infinity;
    for (const f of files) {
      const age = this.ageAt(phone, f, t);
      if (age < bestAge) {
        best = f;
        bestAge = age;
      }
    }
    return best;
  }
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
 * The file a connection carried: one whose size the bulk bytes equal, give or take the
 * transfer header. Candidates are the parent's load first (its model's files), then any
 * known file; among several that fit, the one the parent had most recently received, else
 * the closest size.
 */
function matchFile(edge: FileEdge, dir: PhoneDirectory, headerAllowance: number, received: ReceivedFiles): string | undefined {
  for (const pool of candidatePools(edge, dir)) {
    const fits: string[] = [];
    let closest: string | undefined;
    let closestOver = Infinity;
    for (const f of pool) {
      const size = dir.fileSizes.get(f);
      if (size === undefined) continue;
      const over = edge.bytes - size;
      if (over < 0 || over > headerAllowance) continue;
      fits.push(f);
      if (over < closestOver) {
        closest = f;
        closestOver = over;
      }
    }
    if (fits.length > 1) return received.latestOf(edge.parent, fits, edge.start) ?? closest;
    if (closest !== undefined) return closest;
  }
  return undefined;
}

/**
 * A connection that carried less than any file: the file the parent had most recently begun
 * to receive (it forwards what it has) among those bigger than what crossed; failing that,
 * the next such file the child went on to receive elsewhere is unknown here and left to the
 * tree (undefined).
 */
function guessCutFile(edge: FileEdge, dir: PhoneDirectory, received: ReceivedFiles): string | undefined {
  for (const pool of candidatePools(edge, dir)) {
    const bigger = pool.filter((f) => (dir.fileSizes.get(f) ?? 0) > edge.bytes);
    const latest = received.latestOf(edge.parent, bigger, edge.start);
    if (latest !== undefined) return latest;
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
