// Reading (and, for the virtual lab, writing) .loads manifests: the small file that names a
// firmware load's component files. A phone fetches term<NN>.default.loads or the load named
// in its config (<id>.loads), then each component it lists.
//
// WHAT IS KNOWN [public]
// - A .loads file is ~650 bytes and names the components of one load; releases ship
//   <id>.loads plus term<NN>.default.loads copies (firmware zips and TFTP listings in public
//   provisioning repositories, e.g. github.com/staskobzar/cisco_prov; pfs-reference.md §4).
// - It is signed like every other firmware file, and phones accept it with the signature
//   cut off (virtualab.ru, "Cisco 79xx firmware research, part 1").
// - Cisco's signed-file header is a TLV block, documented by its public re-implementation
//   (github.com/usecallmanagernz/certutils, `sgnfile`): tag u8, length u16 big-endian;
//   VERSION(1) len 2, HEADER_LENGTH(2) len 2 = total header bytes, then SIGNER_ID(3),
//   SIGNER_NAME(4), SERIAL_NUMBER(5), CA_NAME(6), SIGNATURE_INFO(7), DIGEST_ALGORITHM(8),
//   SIGNATURE_ALGORITHM_INFO(9), SIGNATURE_ALGORITHM(10), SIGNATURE_MODULUS(11),
//   SIGNATURE(12), PADDING(13, a single byte, no length), FILENAME(14, NUL-terminated),
//   TIMESTAMP(15, u32 seconds). Tags 3, 7 and 9 group the tags that follow them.
//
// WHAT IS ASSUMED
// - That .loads files carry that same header (documented for .sgn files; the public sources
//   only say .loads files are "signed"). A file that does not start with tag 1 is read as
//   unsigned, as phones accept.
// - The body format after the header is NOT public. For real files we therefore do not parse
//   it: we scan it for component file names (*.sbn, *.sb2, *.sbin, *.bin, *.zz, *.sgn) in the
//   order they appear, and take the load id from the header's FILENAME, a SCCPnn./SIPnn.
//   name in the body, or the file name, in that order.
// - pfslab's own body (written by buildLoadsFile for the virtual lab, documented as ours,
//   not Cisco's) is UTF-8 text: a first line "pfslab-loads 1", "# ..." comments, one
//   "load <id>" line, then one component file name per line. It is parsed strictly, so a
//   damaged virtual-lab manifest is an error at a precise offset, never a silent guess.

import { InputFileError, readBoundedFile } from '../io/bounded-file.ts';
import { basename } from 'node:path';

const TAG = {
  VERSION: 1,
  HEADER_LENGTH: 2,
  SIGNER_ID: 3,
  SIGNER_NAME: 4,
  SERIAL_NUMBER: 5,
  CA_NAME: 6,
  SIGNATURE_INFO: 7,
  DIGEST_ALGORITHM: 8,
  SIGNATURE_ALGORITHM_INFO: 9,
  SIGNATURE_ALGORITHM: 10,
  SIGNATURE_MODULUS: 11,
  SIGNATURE: 12,
  PADDING: 13,
  FILENAME: 14,
  TIMESTAMP: 15,
} as const;

/** Tags whose "value" is the group of tags that follows (see sgnfile). */
const GROUP_TAGS: ReadonlySet<number> = new Set([TAG.SIGNER_ID, TAG.SIGNATURE_INFO, TAG.SIGNATURE_ALGORITHM_INFO]);

const PFSLAB_MAGIC = 'pfslab-loads 1';
const COMPONENT = /[A-Za-z0-9][A-Za-z0-9._-]*\.(?:sbn|sb2|sbin|bin|zz|sgn)(?![A-Za-z0-9_-])/gi;
const LOAD_ID = /^[A-Za-z]+\d{2}\.[A-Za-z0-9][A-Za-z0-9-]*$/;
const LOAD_ID_IN_TEXT = /(?<![A-Za-z0-9])(?:SCCP|SIP)\d{2}\.[0-9][A-Za-z0-9-]*(?![A-Za-z0-9-]|\.s)/;
const DEFAULT_LOADS = /^term\d{2}\.default$/i;

export interface LoadsHeader {
  version: string;
  /** Bytes of header; the body starts here. */
  length: number;
  signerName?: string;
  caName?: string;
  /** The file name the signature was made for, e.g. SCCP41.9-4-2SR2-2S.loads */
  fileName?: string;
  timestamp?: Date;
  /** 0: the header carries no signature (pfslab's own files). */
  signatureLength: number;
  /** Tags we do not know, skipped by their length: [tag, offset]. */
  unknownTags: [number, number][];
}

export interface LoadsManifest {
  /** The path or label the bytes came from. */
  file: string;
  /** Load id, e.g. SCCP41.9-4-2SR2-2S */
  loadId: string;
  loadIdFrom: 'body' | 'header' | 'file-name';
  /** Component file names in the order listed. */
  components: string[];
  header?: LoadsHeader;
  /** pfslab: our own text body (parsed strictly); scanned: an unknown body, scanned for names. */
  bodyFormat: 'pfslab' | 'scanned';
}

export class LoadsFileError extends Error {
  constructor(
    readonly file: string,
    /** Where in the file; undefined when the file could not be read at all. */
    readonly offset: number | undefined,
    readonly detail: string,
  ) {
    super(offset === undefined ? `${file}: ${detail}` : `${file}: offset 0x${offset.toString(16).toUpperCase()} (${offset}): ${detail}`);
    this.name = 'LoadsFileError';
  }
}

export async function readLoadsFile(path: string): Promise<LoadsManifest> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(path, '.loads file');
  } catch (e) {
    if (!(e instanceof InputFileError)) throw e;
    throw new LoadsFileError(path, undefined, e.reason);
  }
  return parseLoadsFile(bytes, path);
}

export function parseLoadsFile(bytes: Uint8Array, file: string): LoadsManifest {
  if (bytes.length === 0) throw new LoadsFileError(file, 0, 'empty file');
  const header = bytes[0] === TAG.VERSION ? readHeader(bytes, file) : undefined;
  const bodyStart = header?.length ?? 0;
  if (header === undefined && bytes[0] !== undefined && bytes[0] < 0x09) {
    throw new LoadsFileError(file, 0, `starts with byte 0x${hex2(bytes[0])}: neither the signed-file header (tag 0x01) nor text`);
  }
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + bodyStart, bytes.length - bodyStart);
  const parsed = body.toString('latin1').startsWith(PFSLAB_MAGIC)
    ? parsePfslabBody(body, bodyStart, file)
    : scanBody(body, bodyStart, file);
  const id = parsed.loadId
    ? { loadId: parsed.loadId, loadIdFrom: 'body' as const }
    : loadIdOutsideBody(header, file, bytes.length);
  return { file, ...id, components: parsed.components, header, bodyFormat: parsed.format };
}

function readHeader(bytes: Uint8Array, file: string): LoadsHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (offset: number, count: number, what: string) => {
    if (offset + count > bytes.length) throw new LoadsFileError(file, offset, `file ends inside the header (${what}; ${bytes.length} bytes in all)`);
  };
  need(0, 10, 'VERSION and HEADER_LENGTH');
  if (view.getUint16(1) !== 2) throw new LoadsFileError(file, 1, `VERSION length must be 2, got ${view.getUint16(1)}`);
  const version = `${bytes[3]}.${bytes[4]}`;
  if (bytes[5] !== TAG.HEADER_LENGTH) throw new LoadsFileError(file, 5, `expected HEADER_LENGTH (tag 0x02), got 0x${hex2(bytes[5] ?? 0)}`);
  if (view.getUint16(6) !== 2) throw new LoadsFileError(file, 6, `HEADER_LENGTH length must be 2, got ${view.getUint16(6)}`);
  const length = view.getUint16(8);
  if (length < 10) throw new LoadsFileError(file, 8, `header length ${length} is shorter than its own first two fields`);
  if (length > bytes.length) throw new LoadsFileError(file, 8, `header length ${length} runs past the end of the file (${bytes.length} bytes)`);

  const header: LoadsHeader = { version, length, signatureLength: 0, unknownTags: [] };
  let at = 10;
  while (at < length) {
    const tagOffset = at;
    const tag = bytes[at++] ?? 0;
    if (tag === TAG.PADDING) continue;
    if (at + 2 > length) throw new LoadsFileError(file, tagOffset, `tag ${tag} has no room for its length before the header ends at ${length}`);
    const size = view.getUint16(at);
    at += 2;
    if (GROUP_TAGS.has(tag)) continue;
    if (at + size > length) {
      throw new LoadsFileError(file, tagOffset, `tag ${tag} claims ${size} bytes, past the header end at ${length}`);
    }
    const value = bytes.subarray(at, at + size);
    at += size;
    switch (tag) {
      case TAG.SIGNER_NAME:
        header.signerName = cString(value);
        break;
      case TAG.CA_NAME:
        header.caName = cString(value);
        break;
      case TAG.FILENAME:
        header.fileName = cString(value);
        break;
      case TAG.TIMESTAMP:
        if (size !== 4) throw new LoadsFileError(file, tagOffset, `TIMESTAMP must be 4 bytes, got ${size}`);
        header.timestamp = new Date(view.getUint32(at - 4) * 1000);
        break;
      case TAG.SIGNATURE:
        header.signatureLength = size;
        break;
      case TAG.SERIAL_NUMBER:
      case TAG.DIGEST_ALGORITHM:
      case TAG.SIGNATURE_ALGORITHM:
      case TAG.SIGNATURE_MODULUS:
        break;
      case TAG.VERSION:
      case TAG.HEADER_LENGTH:
        throw new LoadsFileError(file, tagOffset, `tag ${tag} may appear only at the start of the header`);
      default:
        // Unknown but well-formed: skipped, and reported, rather than refusing a real file.
        header.unknownTags.push([tag, tagOffset]);
    }
  }
  return header;
}

interface Body {
  loadId?: string;
  components: string[];
  format: 'pfslab' | 'scanned';
}

function parsePfslabBody(body: Buffer, base: number, file: string): Body {
  const text = body.toString('latin1');
  let loadId: string | undefined;
  const components: string[] = [];
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const lineOffset = base + offset;
    offset += rawLine.length + 1;
    const line = rawLine.replace(/\r$/, '');
    const bad = /[^\x20-\x7e\t]/.exec(line);
    if (bad) {
      throw new LoadsFileError(file, lineOffset + bad.index, `unexpected byte 0x${hex2(line.charCodeAt(bad.index))} in a pfslab manifest line`);
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed === PFSLAB_MAGIC) continue;
    const load = /^load\s+(\S+)$/.exec(trimmed);
    if (load?.[1]) {
      if (loadId !== undefined) throw new LoadsFileError(file, lineOffset, 'a second "load" line');
      if (!LOAD_ID.test(load[1])) throw new LoadsFileError(file, lineOffset, `"${load[1]}" is not a load id like SCCP41.9-4-2SR2-2S`);
      loadId = load[1];
    } else if (/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(trimmed)) {
      if (components.includes(trimmed)) throw new LoadsFileError(file, lineOffset, `${trimmed} is listed twice`);
      components.push(trimmed);
    } else {
      throw new LoadsFileError(file, lineOffset, `cannot read line "${trimmed.slice(0, 60)}": expected "load <id>" or a component file name`);
    }
  }
  if (loadId === undefined) throw new LoadsFileError(file, base, 'pfslab manifest without a "load <id>" line');
  if (components.length === 0) throw new LoadsFileError(file, base, 'pfslab manifest lists no component files');
  return { loadId, components, format: 'pfslab' };
}

function scanBody(body: Buffer, base: number, file: string): Body {
  const text = body.toString('latin1');
  const components = [...new Set([...text.matchAll(COMPONENT)].map((m) => m[0]))];
  if (components.length === 0) {
    throw new LoadsFileError(file, base, `no component file names (*.sbn, *.sb2, *.bin, ...) in the ${body.length}-byte body`);
  }
  const id = LOAD_ID_IN_TEXT.exec(text)?.[0];
  return { loadId: id, components, format: 'scanned' };
}

function loadIdOutsideBody(header: LoadsHeader | undefined, file: string, size: number): Pick<LoadsManifest, 'loadId' | 'loadIdFrom'> {
  const fromName = (name: string | undefined) => {
    const stem = name?.replace(/\.loads$/i, '');
    return stem && LOAD_ID.test(stem) && !DEFAULT_LOADS.test(stem) ? stem : undefined;
  };
  const fromHeader = fromName(header?.fileName);
  if (fromHeader) return { loadId: fromHeader, loadIdFrom: 'header' };
  const fromFile = fromName(basename(file));
  if (fromFile) return { loadId: fromFile, loadIdFrom: 'file-name' };
  throw new LoadsFileError(file, header?.length ?? 0, `cannot tell the load id (${size} bytes): the body names no load, the header has no load file name, and the file name is not one`);
}

function cString(value: Uint8Array): string {
  const end = value.indexOf(0);
  return Buffer.from(value.subarray(0, end < 0 ? value.length : end)).toString('utf8');
}

function hex2(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

export interface BuildLoadsOptions {
  /** Seconds since the epoch for the TIMESTAMP tag; omitted when undefined (reproducible files). */
  timestamp?: number;
}

/**
 * Writes a manifest in pfslab's own format (see the top of this file): the public header
 * layout without a signature, then the text body. For the virtual lab's TFTP server and
 * for samples; a real phone would not accept it.
 */
export function buildLoadsFile(load: { id: string; components: readonly string[] }, options: BuildLoadsOptions = {}): Buffer {
  if (!LOAD_ID.test(load.id)) throw new Error(`not a load id: ${load.id}`);
  const tlv = (tag: number, value: Buffer) => {
    const head = Buffer.alloc(3);
    head.writeUInt8(tag, 0);
    head.writeUInt16BE(value.length, 1);
    return Buffer.concat([head, value]);
  };
  const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');
  const parts = [
    tlv(TAG.SIGNER_NAME, cstr('CN=pfslab virtual lab (unsigned)')),
    tlv(TAG.FILENAME, cstr(`${load.id}.loads`)),
  ];
  if (options.timestamp !== undefined) {
    const t = Buffer.alloc(4);
    t.writeUInt32BE(options.timestamp, 0);
    parts.push(tlv(TAG.TIMESTAMP, t));
  }
  let fields = Buffer.concat(parts);
  // Pad to a 4-byte boundary, as Cisco's headers are.
  const pad = (4 - ((10 + fields.length) % 4)) % 4;
  fields = Buffer.concat([fields, Buffer.alloc(pad, TAG.PADDING)]);
  const start = Buffer.from([TAG.VERSION, 0, 2, 1, 0, TAG.HEADER_LENGTH, 0, 2, 0, 0]);
  start.writeUInt16BE(10 + fields.length, 8);
  const body = [
    PFSLAB_MAGIC,
    // The path in this line is where the module lived when the format was fixed: it is part of
    // every manifest's bytes (and sizes) since, so it stays as it was.
    '# pfslab virtual-lab manifest: our own format, not a Cisco file (harness/pfs/loads-file.ts)',
    `load ${load.id}`,
    ...load.components,
    '',
  ].join('\n');
  return Buffer.concat([start, fields, Buffer.from(body, 'utf8')]);
}
