// Fetching and checking the files of a new load: the .loads manifest by TFTP, then each
// component through PFS (when on) or TFTP, each verified against the manifest's size and
// CRC-32 (loads-manifest.ts says why not SHA-256) before it is kept or forwarded.
import { crc32 } from 'node:zlib';
import { crc32Hex } from '../tftp/stores/firmware-content.ts';
import type { ManifestFile, VirtualLabManifest } from '../tftp/loads-manifest.ts';
import { readVirtualLabManifest } from '../tftp/loads-manifest.ts';

export function readManifest(bytes: Buffer, name: string): VirtualLabManifest {
  return readVirtualLabManifest(bytes, name);
}

/** Why `content` is not the file the manifest describes, or undefined when it is. */
export function verifyFile(expected: ManifestFile, content: Buffer): string | undefined {
  if (content.length !== expected.size) return `size ${content.length}, manifest says ${expected.size}`;
  return verifyChecksum(expected, content.length, crc32(content));
}

/** The same, from a size and a CRC-32 computed while the content arrived. */
export function verifyChecksum(expected: ManifestFile, size: number, crc: number): string | undefined {
  if (size !== expected.size) return `size ${size}, manifest says ${expected.size}`;
  const got = crc32Hex(crc);
  return got === expected.crc32 ? undefined : `crc32 ${got}, manifest says ${expected.crc32}`;
}

/** CP-7961G -> term61.default.loads (what a phone asks for when its config names no load). */
export function defaultLoadsName(model: string): string {
  const digits = /^CP-79(\d\d)/.exec(model)?.[1] ?? '00';
  return `term${digits}.default.loads`;
}
