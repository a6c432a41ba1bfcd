// The virtual lab's .loads manifests: the file a phone fetches first (<id>.loads or
// term<NN>.default.loads), naming the components of its load.
//
// FORMAT (the virtual lab's own, not Cisco's: Cisco's is signed and its body is not public)
// is harness/formats/loads-file.ts's "pfslab-loads 1" format, which that module both writes
// (buildLoadsFile) and reads (parseLoadsFile): the public signed-file header layout without
// a signature, then a UTF-8 text body:
//
//     pfslab-loads 1
//     # pfslab virtual-lab manifest: ...
//     load SCCP41.9-4-2SR2-2S
//     jar41sccp.9-4-2ES26.sbn
//     ...one component file name per line, in fetch order...
//
// to which this module appends one line per component with what a phone needs to check
// the file it got, size, SHA-256 and CRC-32 of the content the TFTP server serves:
//
//     # pfslab-file jar41sccp.9-4-2ES26.sbn size=1630052 sha256=<64 hex digits> crc32=<8 hex digits>
//
// SHA-256 names the content (the DATA header of a PFS transfer carries it); a phone checks
// size and CRC-32. Why not SHA-256: in the scale bench a thousand phones in two processes each
// check every byte of 7.75 MiB, and SHA-256 (1.4 GB/s here) was a third of their CPU time;
// zlib's CRC-32 runs at 4.3 GB/s and catches every corruption the lab injects (a flipped
// byte, a truncated or mixed-up file). The real .loads checks are signatures (not public).
//
// They are '#' comment lines on purpose: the strict reader skips comments, so every reader
// of .loads files (the lab loader, the PFS analysis) reads these manifests unchanged, and
// only the virtual lab's phones look for the extra lines (readVirtualLabManifest).

import type { BuildLoadsOptions, LoadsManifest } from '../../../harness/formats/loads-file.ts';
import { LoadsFileError, buildLoadsFile, parseLoadsFile } from '../../../harness/formats/loads-file.ts';

export interface ManifestFile {
  name: string;
  size: number;
  /** SHA-256 of the file's content, 64 lower-case hex digits. */
  sha256: string;
  /** CRC-32 (zlib) of the file's content, 8 lower-case hex digits: what a phone checks. */
  crc32: string;
}

export interface VirtualLabManifest {
  manifest: LoadsManifest;
  /** In the manifest's component order. */
  files: ManifestFile[];
}

const FILE_LINE_PREFIX = '# pfslab-file ';
const FILE_LINE = /^# pfslab-file (\S+) size=(\d+) sha256=([0-9a-f]{64}) crc32=([0-9a-f]{8})$/;

export function buildVirtualLabManifest(loadId: string, files: readonly ManifestFile[], options: BuildLoadsOptions = {}): Buffer {
  for (const f of files) {
    if (!/^[0-9a-f]{64}$/.test(f.sha256)) throw new Error(`${f.name}: sha256 must be 64 lower-case hex digits`);
    if (!/^[0-9a-f]{8}$/.test(f.crc32)) throw new Error(`${f.name}: crc32 must be 8 lower-case hex digits`);
    if (!Number.isSafeInteger(f.size) || f.size < 0) throw new Error(`${f.name}: size must be a whole number of bytes`);
  }
  const base = buildLoadsFile({ id: loadId, components: files.map((f) => f.name) }, options);
  const lines = files.map((f) => `${FILE_LINE_PREFIX}${f.name} size=${f.size} sha256=${f.sha256} crc32=${f.crc32}\n`).join('');
  return Buffer.concat([base, Buffer.from(lines, 'utf8')]);
}

/**
 * Reads a manifest written by buildVirtualLabManifest: the .loads reader's result, plus
 * size and checksum of each component. Every component must have exactly one such line.
 */
export function readVirtualLabManifest(bytes: Uint8Array, label: string): VirtualLabManifest {
  const manifest = parseLoadsFile(bytes, label);
  const bodyStart = manifest.header?.length ?? 0;
  const text = Buffer.from(bytes).toString('latin1');
  const found = new Map<string, ManifestFile>();
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineOffset = offset;
    offset += line.length + 1;
    if (lineOffset < bodyStart || !line.startsWith(FILE_LINE_PREFIX)) continue;
    const m = FILE_LINE.exec(line.replace(/\r$/, ''));
    if (!m?.[1] || !m[2] || !m[3] || !m[4]) {
      throw new LoadsFileError(label, lineOffset, `cannot read "${line.slice(0, 80)}": expected "# pfslab-file <name> size=<n> sha256=<64 hex> crc32=<8 hex>"`);
    }
    if (!manifest.components.includes(m[1])) throw new LoadsFileError(label, lineOffset, `${m[1]} has a size line but is not a component`);
    if (found.has(m[1])) throw new LoadsFileError(label, lineOffset, `${m[1]} has two size lines`);
    found.set(m[1], { name: m[1], size: Number(m[2]), sha256: m[3], crc32: m[4] });
  }
  const files = manifest.components.map((name) => {
    const f = found.get(name);
    if (!f) throw new LoadsFileError(label, bodyStart, `${name} has no "# pfslab-file" size and checksum line`);
    return f;
  });
  return { manifest, files };
}
