// Netascii (RFC 1350 via RFC 764): on the wire every line ends in CR LF and a bare CR is
// sent as CR NUL. Files are stored the Unix way (LF), so reads convert LF -> CR LF and
// CR -> CR NUL, and writes convert back.

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

export function toNetascii(content: Buffer): Buffer {
  let extra = 0;
  for (const byte of content) if (byte === LF || byte === CR) extra++;
  if (extra === 0) return content;
  const out = Buffer.allocUnsafe(content.length + extra);
  let at = 0;
  for (const byte of content) {
    if (byte === LF) {
      out[at++] = CR;
      out[at++] = LF;
    } else if (byte === CR) {
      out[at++] = CR;
      out[at++] = NUL;
    } else {
      out[at++] = byte;
    }
  }
  return out;
}

/** Lenient: a CR followed by anything but LF or NUL is kept as it is. */
export function fromNetascii(wire: Buffer): Buffer {
  const out = Buffer.allocUnsafe(wire.length);
  let at = 0;
  for (let i = 0; i < wire.length; i++) {
    const byte = wire[i] ?? 0;
    const next = wire[i + 1];
    if (byte === CR && next === LF) {
      out[at++] = LF;
      i++;
    } else if (byte === CR && next === NUL) {
      out[at++] = CR;
      i++;
    } else {
      out[at++] = byte;
    }
  }
  return out.subarray(0, at);
}
