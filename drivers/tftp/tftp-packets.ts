// The few TFTP packets a reading client sends and receives (RFC 1350, OACK from RFC 2347).
// Kept apart from the virtual lab's server codec on purpose: a driver must not depend on the
// emulator it is tested against.

export const OP = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

export type ServerPacket =
  | { op: 'data'; block: number; payload: Buffer }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: Map<string, string> }
  | { op: 'other'; reason: string };

export function encodeReadRequest(file: string, options: readonly (readonly [string, string])[]): Buffer {
  const strings = [file, 'octet', ...options.flatMap(([k, v]) => [k, v])];
  const parts = strings.map((s) => Buffer.from(`${s}\0`, 'latin1'));
  return Buffer.concat([u16(OP.RRQ), ...parts]);
}

export function encodeAck(block: number): Buffer {
  return Buffer.concat([u16(OP.ACK), u16(block & 0xffff)]);
}

export function encodeError(code: number, message: string): Buffer {
  return Buffer.concat([u16(OP.ERROR), u16(code), Buffer.from(`${message}\0`, 'latin1')]);
}

export function decodeServerPacket(msg: Buffer): ServerPacket {
  if (msg.length < 2) return { op: 'other', reason: `${msg.length}-byte packet` };
  const op = msg.readUInt16BE(0);
  if (op === OP.DATA && msg.length >= 4) return { op: 'data', block: msg.readUInt16BE(2), payload: msg.subarray(4) };
  if (op === OP.ERROR && msg.length >= 4) {
    const end = msg.indexOf(0, 4);
    return { op: 'error', code: msg.readUInt16BE(2), message: msg.toString('latin1', 4, end < 0 ? msg.length : end) };
  }
  if (op === OP.OACK) {
    const strings = msg.toString('latin1', 2).split('\0');
    if (strings[strings.length - 1] === '') strings.pop();
    if (strings.length % 2 !== 0) return { op: 'other', reason: 'OACK with an option that has no value' };
    const options = new Map<string, string>();
    for (let i = 0; i < strings.length; i += 2) options.set((strings[i] ?? '').toLowerCase(), strings[i + 1] ?? '');
    return { op: 'oack', options };
  }
  return { op: 'other', reason: `opcode ${op}` };
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n, 0);
  return b;
}
