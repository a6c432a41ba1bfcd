// The bytes of a virtual-lab firmware file: a pure function of (file name, size), readable at
// any offset without generating what comes before, so that any party (the TFTP server, a
// virtual phone forwarding a file to its PFS children, a test) can produce or check any
// range of any file without the file ever existing on disk.
//
// Construction (counter mode): the file is a sequence of 32-bit little-endian words; word i
// is fmix32((seedA + i * 0x9E3779B9) ^ seedB) with fmix32 MurmurHash3's finaliser, and
// (seedA, seedB) the first 8 bytes of SHA-256("<name>\0<size>"). Every step is a bijection
// on 32 bits, so no word repeats within 16 GiB, and two files of different names or sizes
// differ from their first word on (with overwhelming probability). Not cryptographic, and
// need not be: the point is content that a wrong offset or a mixed-up file cannot fake.

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

const GOLDEN = 0x9e3779b9;

export interface FirmwareSeed {
  a: number;
  b: number;
}

export function firmwareSeed(name: string, size: number): FirmwareSeed {
  const digest = createHash('sha256').update(`${name}\0${size}`, 'utf8').digest();
  return { a: digest.readUInt32LE(0), b: digest.readUInt32LE(4) };
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bytes [offset, offset + length) of the file, clipped to its size. */
export function firmwareBytes(seed: FirmwareSeed, size: number, offset: number, length: number): Buffer {
  const start = Math.max(0, Math.min(offset, size));
  const end = Math.max(start, Math.min(offset + length, size));
  if (end === start) return Buffer.alloc(0);
  const firstWord = Math.floor(start / 4);
  const words = Math.ceil(end / 4) - firstWord;
  const raw = new ArrayBuffer(words * 4);
  // DataView with an explicit little-endian flag: the same bytes on every platform.
  const view = new DataView(raw);
  let counter = (seed.a + Math.imul(firstWord, GOLDEN)) >>> 0;
  for (let w = 0; w < words; w++) {
    view.setUint32(w * 4, fmix32((counter ^ seed.b) >>> 0), true);
    counter = (counter + GOLDEN) >>> 0;
  }
  return Buffer.from(raw, start - firstWord * 4, end - start);
}

export interface FirmwareDigests {
  /** SHA-256, 64 lower-case hex digits: the file's identity. */
  sha256: string;
  /** CRC-32 (zlib's), 8 lower-case hex digits: what a phone checks (see loads-manifest.ts). */
  crc32: string;
}

/** SHA-256 and CRC-32 of the whole file, generated 1 MiB at a time in one pass. */
export function firmwareDigests(seed: FirmwareSeed, size: number): FirmwareDigests {
  const hash = createHash('sha256');
  let crc = 0;
  const chunk = 1 << 20;
  for (let at = 0; at < size; at += chunk) {
    const bytes = firmwareBytes(seed, size, at, chunk);
    hash.update(bytes);
    crc = crc32(bytes, crc);
  }
  return { sha256: hash.digest('hex'), crc32: crc32Hex(crc) };
}

export function crc32Hex(crc: number): string {
  return (crc >>> 0).toString(16).padStart(8, '0');
}
