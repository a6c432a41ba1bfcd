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
  file?: string;
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
 */
export function collectEdges(captures: CaptureSummary[], dir: PhoneDirectory, headerAllowance: number): FileEdge[] {
  const out: FileEdge[] = [];
  const seen = new Map<string, number[]>();
  for (const cap of captures) {
    for (const c of cap.tcp4051) {
      const key = `${c.initiator}:${c.initiatorPort}>${c.acceptor}:${c.acceptorPort}`;
      if (isDuplicate(seen, key, c.start)) continue;
      const edge = toEdge(c, cap.file);
      edge.file = matchFile(edge, dir, headerAllowance);
      if (edge.file !== undefined) edge.complete = true;
      out.push(edge);
    }
  }
  return out;
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
 * known file; the closest size wins.
 */
function matchFile(edge: FileEdge, dir: PhoneDirectory, headerAllowance: number): string | undefined {
  const parentModel = dir.phones.get(edge.parent)?.model;
  const own = parentModel === undefined ? undefined : dir.filesOfModel(parentModel);
  const pools = [own ?? [], [...dir.fileSizes.keys()]];
  for (const pool of pools) {
    let best: string | undefined;
    let bestOver = Infinity;
    for (const f of pool) {
      const size = dir.fileSizes.get(f);
      if (size === undefined) continue;
      const over = edge.bytes - size;
      if (over >= 0 && over <= headerAllowance && over < bestOver) {
        best = f;
        bestOver = over;
      }
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

function isDuplicate(seen: Map<string, number[]>, key: string, start: number): boolean {
  const starts = seen.get(key);
  if (starts?.some((s) => Math.abs(s - start) <= SAME_FLOW_WINDOW_S)) return true;
  if (starts) starts.push(start);
  else seen.set(key, [start]);
  return false;
}
