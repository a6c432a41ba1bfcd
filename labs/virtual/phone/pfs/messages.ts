// The virtual lab's PFS wire format (WIRE-FORMAT.md; ours, Cisco's is not public): one
// ASCII line per UDP datagram or TCP header, `PPID/1 <VERB> key=value ...`.

export const PFS_PORT = 4051;
const MAGIC = 'PPID/1';

export type ClaimState = 'tent' | 'root';

export interface ClaimMessage {
  verb: 'CLAIM';
  xid: string;
  model: string;
  file: string;
  state: ClaimState;
  /** 8 hex digits; a root's claim carries ffffffff ("bumping strength"). */
  strength: string;
  map: string;
}

/** Unicast UDP, parent -> child: "you have a slot; the file follows on your TCP connection". */
export interface AcceptMessage {
  verb: 'ACCEPT';
  xid: string;
  file: string;
  slot: number;
  /** The child's ancestors, root first, the parent last: a phone refuses to adopt its own ancestor. */
  path: string[];
}

/** Unicast UDP, joiner -> root: "where in your hierarchy do I go?" (a placement request). */
export interface JoinRequest {
  verb: 'JOIN';
  xid: string;
  model: string;
  file: string;
  /** Children the joiner takes (2; 3 with the third-child fault). */
  slots: number;
  /** Numbers the joiner's requests: a resend repeats it, a rejoin after a lost parent does not. */
  attempt: number;
  /** The parent the joiner could not reach or lost (the root places nobody there any more). */
  lost?: string;
}

/** Unicast UDP, root -> joiner: "connect to `parent`" (the root itself, or a phone with a slot left). */
export interface PlaceMessage {
  verb: 'PLACE';
  xid: string;
  file: string;
  parent: string;
  /** The `try` of the request it answers: a joiner takes only the answer to its current request. */
  attempt?: number;
}

/** Unicast UDP, member -> root: "I reboot now; place nobody under me". */
export interface LeaveMessage {
  verb: 'LEAVE';
  xid: string;
  file: string;
}

/**
 * Unicast UDP. Asked (no `n`) by a root of a later file of the load, of the first file's
 * root: how many phones it has placed (itself included); answered with `n`. Every phone of
 * the upgrade joins the first file's hierarchy, so that root's count is how many phones a
 * later file's hierarchy is to hold before it is complete (see DoneMessage).
 */
export interface TallyMessage {
  verb: 'TALLY';
  xid: string;
  file: string;
  n?: number;
}

/**
 * Broadcast, root -> its hierarchy: "every phone I expect has been placed; nobody needs to
 * stay for my latecomers any more". `n`: the phones placed. A phone with all its files
 * reboots only once each of its files' roots said so (or after a long cap).
 */
export interface DoneMessage {
  verb: 'DONE';
  xid: string;
  file: string;
  n: number;
}

export type TcpHeader =
  /** `slots`: how many children the joiner takes (2; 3 with the third-child fault), for the root's placement. */
  | { verb: 'JOIN'; xid: string; model: string; file: string; slots: number }
  | { verb: 'REDIRECT'; to: string }
  | { verb: 'REFUSE'; reason: string }
  | { verb: 'DATA'; size: number; sha256: string };

export function encodeClaim(m: ClaimMessage): Buffer {
  return Buffer.from(`${MAGIC} CLAIM xid=${m.xid} model=${m.model} file=${m.file} state=${m.state} strength=${m.strength} map=${m.map}\n`, 'latin1');
}

export function decodeClaim(data: Buffer): ClaimMessage | undefined {
  const f = fields(data.toString('latin1').trim(), 'CLAIM');
  if (!f) return undefined;
  const { xid, model, file, state, strength, map } = f;
  if (!xid || !model || !file || !strength || !map || (state !== 'tent' && state !== 'root')) return undefined;
  if (!/^[0-9a-f]{8}$/.test(strength)) return undefined;
  return { verb: 'CLAIM', xid, model, file, state, strength, map };
}

export function encodeAccept(m: AcceptMessage): Buffer {
  return Buffer.from(`${MAGIC} ACCEPT xid=${m.xid} file=${m.file} slot=${m.slot} path=${m.path.join(',')}\n`, 'latin1');
}

export function decodeAccept(data: Buffer): AcceptMessage | undefined {
  const f = fields(data.toString('latin1').trim(), 'ACCEPT');
  if (!f?.xid || !f.file) return undefined;
  return { verb: 'ACCEPT', xid: f.xid, file: f.file, slot: Number(f.slot ?? 0), path: (f.path ?? '').split(',').filter((a) => a !== '') };
}

export function encodeJoinRequest(m: JoinRequest): Buffer {
  const lost = m.lost === undefined ? '' : ` lost=${m.lost}`;
  return Buffer.from(`${MAGIC} JOIN xid=${m.xid} model=${m.model} file=${m.file} slots=${m.slots} try=${m.attempt}${lost}\n`, 'latin1');
}

export function decodeJoinRequest(data: Buffer): JoinRequest | undefined {
  const f = fields(data.toString('latin1').trim(), 'JOIN');
  const attempt = Number(f?.try);
  if (!f?.xid || !f.model || !f.file || !Number.isSafeInteger(attempt)) return undefined;
  return { verb: 'JOIN', xid: f.xid, model: f.model, file: f.file, slots: slotsOf(f.slots), attempt, ...(f.lost ? { lost: f.lost } : {}) };
}

export function encodePlace(m: PlaceMessage): Buffer {
  const attempt = m.attempt === undefined ? '' : ` try=${m.attempt}`;
  return Buffer.from(`${MAGIC} PLACE xid=${m.xid} file=${m.file} parent=${m.parent}${attempt}\n`, 'latin1');
}

export function decodePlace(data: Buffer): PlaceMessage | undefined {
  const f = fields(data.toString('latin1').trim(), 'PLACE');
  if (!f?.xid || !f.file || !f.parent) return undefined;
  const attempt = Number(f.try);
  return { verb: 'PLACE', xid: f.xid, file: f.file, parent: f.parent, ...(f.try !== undefined && Number.isSafeInteger(attempt) ? { attempt } : {}) };
}

export function encodeLeave(m: LeaveMessage): Buffer {
  return Buffer.from(`${MAGIC} LEAVE xid=${m.xid} file=${m.file}\n`, 'latin1');
}

export function decodeLeave(data: Buffer): LeaveMessage | undefined {
  const f = fields(data.toString('latin1').trim(), 'LEAVE');
  if (!f?.xid || !f.file) return undefined;
  return { verb: 'LEAVE', xid: f.xid, file: f.file };
}

export function encodeTally(m: TallyMessage): Buffer {
  const n = m.n === undefined ? '' : ` n=${m.n}`;
  return Buffer.from(`${MAGIC} TALLY xid=${m.xid} file=${m.file}${n}\n`, 'latin1');
}

export function decodeTally(data: Buffer): TallyMessage | undefined {
  const f = fields(data.toString('latin1').trim(), 'TALLY');
  if (!f?.xid || !f.file) return undefined;
  if (f.n === undefined) return { verb: 'TALLY', xid: f.xid, file: f.file };
  const n = Number(f.n);
  return Number.isSafeInteger(n) && n >= 0 ? { verb: 'TALLY', xid: f.xid, file: f.file, n } : undefined;
}

export function encodeDone(m: DoneMessage): Buffer {
  return Buffer.from(`${MAGIC} DONE xid=${m.xid} file=${m.file} n=${m.n}\n`, 'latin1');
}

export function decodeDone(data: Buffer): DoneMessage | undefined {
  const f = fields(data.toString('latin1').trim(), 'DONE');
  const n = Number(f?.n);
  if (!f?.xid || !f.file || !Number.isSafeInteger(n) || n < 0) return undefined;
  return { verb: 'DONE', xid: f.xid, file: f.file, n };
}

export function encodeHeader(h: TcpHeader): Buffer {
  const body = Object.entries(h)
    .filter(([k]) => k !== 'verb')
    .map(([k, v]) => `${k}=${String(v).replace(/\s/g, '_')}`)
    .join(' ');
  return Buffer.from(`${MAGIC} ${h.verb}${body ? ` ${body}` : ''}\n`, 'latin1');
}

export function decodeHeader(line: string): TcpHeader | undefined {
  const verb = line.split(' ')[1];
  const f = verb ? fields(line.trim(), verb) : undefined;
  if (!f) return undefined;
  switch (verb) {
    case 'JOIN':
      return f.xid && f.model && f.file ? { verb, xid: f.xid, model: f.model, file: f.file, slots: slotsOf(f.slots) } : undefined;
    case 'REDIRECT':
      return f.to ? { verb, to: f.to } : undefined;
    case 'REFUSE':
      return { verb, reason: f.reason ?? '' };
    case 'DATA': {
      const size = Number(f.size);
      return Number.isSafeInteger(size) && size >= 0 && f.sha256 ? { verb, size, sha256: f.sha256 } : undefined;
    }
    default:
      return undefined;
  }
}

/** A JOIN's slots: 1..8, else (absent, garbled) the protocol's two. */
function slotsOf(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 8 ? n : 2;
}

/** Longest header line accepted: the whole per-transfer header stays far below 1 KiB. */
export const MAX_HEADER_LINE = 256;

function fields(line: string, verb: string): Record<string, string> | undefined {
  const parts = line.split(' ');
  if (parts[0] !== MAGIC || parts[1] !== verb) return undefined;
  const out: Record<string, string> = {};
  for (const p of parts.slice(2)) {
    const eq = p.indexOf('=');
    if (eq > 0) out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}
