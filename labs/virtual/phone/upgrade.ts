// Fetching and checking the files of a new load: the .loads manifest by TFTP, then each
// component through PFS (when on) or TFTP, each verified against the manifest's size and
// SHA-256 before it is kept or forwarded.
import { createHash } from 'node:crypto';
import type { ManifestFile, VirtualLabManifest } from '../tftp/loads-manifest.ts';
import { readVirtualLabManifest } from '../tftp/loads-manifest.ts';

export function readManifest(bytes: Buffer, name: string): VirtualLabManifest {
  return readVirtualLabManifest(bytes, name);
}

/** Why `content` is not the file the manifest describes, or undefined when it is. */
export function verifyFile(expected: ManifestFile, content: Buffer): string | undefined {
  if (content.length !== expected.size) return `size ${content.length}, manifest says ${expected.size}`;
  return verifyDigest(expected, content.length, createHash('sha256').update(content).digest('hex'));
}

export function verifyDigest(expected: ManifestFile, size: number, sha256: string): string | undefined {
  if (size !== expected.size) return `size ${size}, manifest says ${expected.size}`;
  return sha256 === expected.sha256 ? undefined : `sha256 ${sha256.slice(0, 12)}..., manifest says ${expected.sha256.slice(0, 12)}...`;
}

/** CP-7961G -> term61.default.loads (what a phone asks for when its config names no load). */
export function defaultLoadsName(model: string): string {
  const digits = /^CP-79(\d\d)/.exec(model)?.[1] ?? '00';
  return `term${digits}.default.loads`;
}
