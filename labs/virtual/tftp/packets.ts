// TFTP packets on the wire (RFC 1350, OACK from RFC 2347): encoding and decoding only.
// Decoding never throws: a malformed packet comes back as { op: 'malformed' } with a reason,
// because a server must answer garbage with an error packet, not crash.

export const Opcode = { RRQ: 1, WRQ: 2, DATA: 3, ACK: 4, ERROR: 5, OACK: 6 } as const;

/** RFC 1350 error codes, plus 8 from RFC 2347. */
export const ErrorCode = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  OPTION_NEGOTIATION: 8,
} as const;

export interface RequestPacket {
  op: 'rrq' | 'wrq';
  file: string;
  /** As sent, lower-cased: octet, netascii, mail, or anything a client made up. */
  mode: string;
  /** Options in the order sent; names lower-cased (RFC 2347: case-insensitive), values as sent. */
  options: [string, string][];
}

export type Packet =
  | RequestPacket
  | { op: 'data'; block: number; payload: Buffer }
  | { op: 'ack'; block: number }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: [string, string][] }
  | { op: 'malformed'; reason: string };

export function decodePacket(msg: Buffer): Packet {
  if (msg.length < 2) return { op: 'malformed', reason: `${msg.length}-byte packet has no opcode` };
  const opcode = msg.readUInt16BE(0);
  switch (opcode) {
    case Opcode.RRQ:
    case Opcode.WRQ:
      return decodeRequest(msg, opcode === Opcode.RRQ ? 'rrq' : 'wrq');
    case Opcode.DATA:
      if (msg.length < 4) return { op: 'malformed', reason: 'DATA shorter than 4 bytes' };
      return { op: 'data', block: msg.readUInt16BE(2), payload: msg.subarray(4) };
    case Opcode.ACK:
      // Some clients pad ACKs; only the first 4 bytes mean anything.
      if (msg.length < 4) return { op: 'malformed', reason: 'ACK shorter than 4 bytes' };
      return { op: 'ack', block: msg.readUInt16BE(2) };
    case Opcode.ERROR: {
      if (msg.length < 4) return { op: 'malformed', reason: 'ERROR shorter than 4 bytes' };
      const end = msg.indexOf(0, 4);
      return { op: 'error', code: msg.readUInt16BE(2), message: msg.toString('latin1', 4, end < 0 ? msg.length : end) };
    }
    case Opcode.OACK: {
      const strings = cStrings(msg, 2);
      if (!strings || strings.length % 2 !== 0) return { op: 'malformed', reason: 'OACK options are not NUL-terminated name/value pairs' };
      return { op: 'oack', options: pairs(strings) };
    }
    default:
      return { op: 'malformed', reason: `unknown opcode ${opcode}` };
  }
}

function decodeRequest(msg: Buffer, op: 'rrq' | 'wrq'): Packet {
  const strings = cStrings(msg, 2);
  if (!strings) return { op: 'malformed', reason: `${op.toUpperCase()} strings are not NUL-terminated` };
  // A few clients end the request with an extra NUL; an empty last string is padding.
  if (strings.length > 2 && strings.length % 2 === 1 && strings[strings.length - 1] === '') strings.pop();
  const [file, mode] = strings;
  if (file === undefined || mode === undefined) return { op: 'malformed', reason: `${op.toUpperCase()} without file name and mode` };
  if (file === '') return { op: 'malformed', reason: `${op.toUpperCase()} with an empty file name` };
  if (strings.length % 2 !== 0) return { op: 'malformed', reason: `option "${strings[strings.length - 1]}" has no value` };
  return { op, file, mode: mode.toLowerCase(), options: pairs(strings.slice(2)) };
}

/** NUL-terminated latin1 strings from `start` to the end; undefined when the last is unterminated. */
function cStrings(msg: Buffer, start: number): string[] | undefined {
  const out: string[] = [];
  let at = start;
  while (at < msg.length) {
    const end = msg.indexOf(0, at);
    if (end < 0) return undefined;
    out.push(msg.toString('latin1', at, end));
    at = end + 1;
  }
  return out;
}

function pairs(strings: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < strings.length; i += 2) out.push([(strings[i] ?? '').toLowerCase(), strings[i + 1] ?? '']);
  return out;
}

function cString(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'latin1');
}

function withOpcode(opcode: number, ...parts: Buffer[]): Buffer {
  const head = Buffer.allocUnsafe(2);
  head.writeUInt16BE(opcode, 0);
  return Buffer.concat([head, ...parts]);
}

export function encodeRequest(op: 'rrq' | 'wrq', file: string, mode: string, options: [string, string][] = []): Buffer {
  return withOpcode(op === 'rrq' ? Opcode.RRQ : Opcode.WRQ, cString(file), cString(mode), ...options.flatMap(([n, v]) => [cString(n), cString(v)]));
}

/**
 * The 4-byte DATA header alone: the payload goes out as a second buffer of the same
 * datagram (socket.send([header, payload])), so multi-KB blocks are never copied.
 */
export function encodeDataHeader(block: number): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeUInt16BE(Opcode.DATA, 0);
  head.writeUInt16BE(block & 0xffff, 2);
  return head;
}

export function encodeData(block: number, payload: Buffer): Buffer {
  return Buffer.concat([encodeDataHeader(block), payload]);
}

export function encodeAck(block: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt16BE(Opcode.ACK, 0);
  b.writeUInt16BE(block & 0xffff, 2);
  return b;
}

export function encodeError(code: number, message: string): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeUInt16BE(Opcode.ERROR, 0);
  head.writeUInt16BE(code, 2);
  return Buffer.concat([head, cString(message)]);
}

export function encodeOack(options: [string, string][]): Buffer {
  return withOpcode(Opcode.OACK, ...options.flatMap(([n, v]) => [cString(n), cString(v)]));
}
