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

export type TcpHeader =
  | { verb: 'JOIN'; xid: string; model: string; file: string }
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
      return f.xid && f.model && f.file ? { verb, xid: f.xid, model: f.model, file: f.file } : undefined;
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
