// readCapture: one streaming pass over a pcap/pcapng file, returning the flows the PFS
// analysis needs (see types.ts), never the packets.
//
// WHY HAND-WRITTEN: this is the hot path of `pfslab analyze`; a 1 GB capture of an upgrade
// must be summarised within twice the time of a bare scan of the file (~0.35 s/GB here).
// No npm pcap library comes near that, so the reader is written for speed:
//  - the file is read in fixed 8 MiB chunks into two reused buffers (memory stays flat
//    whatever the file size); the next chunk is read by libuv while this one is decoded;
//  - a record cut by a chunk boundary is copied in front of the next chunk (each buffer
//    keeps a 1 MiB slack in front for that), bigger records are skipped unread;
//  - integers are read straight from the buffer (readUInt32LE/BE), addresses and ports
//    stay numbers, flows are found through numeric hash keys (flow-table.ts) and a
//    last-hit cache; strings and objects are made only when a new flow appears;
//  - no regular expressions and no per-packet allocation on the TCP bulk path.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { CaptureStop, CaptureSummary } from './types.ts';
import type { RecordParser } from './record-parser.ts';
import { CaptureError } from './capture-error.ts';
import { PCAP_HEADER_BYTES, readFileHeader } from './file-header.ts';
import { PacketDecoder } from './packet-decoder.ts';
import { PcapRecordParser } from './pcap-records.ts';
import { PcapngBlockParser } from './pcapng-blocks.ts';
import { MAX_WINDOW_RECORD } from './record-parser.ts';

const CHUNK_BYTES = 8 * 1024 * 1024;
const SLACK_BYTES = MAX_WINDOW_RECORD;

export interface ReadCaptureOptions {
  /** Called after each chunk with the number of file bytes read so far. */
  onProgress?(bytes: number): void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function readAt(fh: FileHandle, buf: Buffer, position: number): Promise<number> {
  const { bytesRead } = await fh.read(buf, SLACK_BYTES, CHUNK_BYTES, position);
  return bytesRead;
}

export async function readCapture(path: string, opts: ReadCaptureOptions = {}): Promise<CaptureSummary> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new CaptureError(path, 0, `cannot open: ${errorText(e)}`, { cause: e });
  }
  try {
    return await readOpen(path, fh, opts);
  } finally {
    await fh.close();
  }
}

async function readOpen(path: string, fh: FileHandle, opts: ReadCaptureOptions): Promise<CaptureSummary> {
  let fileSize: number;
  let first: number;
  const bufA = Buffer.allocUnsafe(SLACK_BYTES + CHUNK_BYTES);
  const bufB = Buffer.allocUnsafe(SLACK_BYTES + CHUNK_BYTES);
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new Error('is a directory');
    fileSize = st.size;
    first = await readAt(fh, bufA, 0);
  } catch (e) {
    throw new CaptureError(path, 0, `unreadable: ${errorText(e)}`, { cause: e });
  }
  const detected = readFileHeader(path, bufA, SLACK_BYTES, first);
  const decoder = new PacketDecoder();
  if (detected.header === undefined) {
    return summary(path, detected.truncated.format, decoder, new Set(), { offset: 0, frame: 0, reason: detected.truncated.reason });
  }
  const header = detected.header;
  const parser: RecordParser = header.format === 'pcap' ? new PcapRecordParser(decoder, header) : new PcapngBlockParser(decoder, fileSize);

  let cur = bufA;
  let other = bufB;
  let n = first;
  let chunkPos = 0; // file position of cur[SLACK_BYTES]
  let carry = 0; // bytes of an unfinished record at the end of the previous window
  let skipHeader = header.format === 'pcap' ? PCAP_HEADER_BYTES : 0;
  let stop: CaptureStop | undefined;
  while (n > 0) {
    const nextPos = chunkPos + n;
    // Read the next chunk into the other buffer while this one is decoded. Its slack (in
    // front of SLACK_BYTES) is not touched by the read: that is where the carry goes.
    let pending = readAt(fh, other, nextPos);
    pending.catch(() => undefined); // observed below; avoids an unhandled rejection meanwhile
    const windowStart = SLACK_BYTES - carry + skipHeader;
    const windowEnd = SLACK_BYTES + n;
    const consumed = parser.parse(cur, windowStart, windowEnd, chunkPos - carry + skipHeader);
    skipHeader = 0;
    opts.onProgress?.(nextPos);
    if (parser.stop !== undefined) {
      stop = parser.stop;
      await pending.catch(() => undefined);
      break;
    }
    carry = windowEnd - consumed;
    let readPos = nextPos;
    if (parser.skipBytes > 0) {
      // A block too big for the window: skip it in the file; the prefetched chunk is stale.
      readPos += parser.skipBytes;
      parser.skipBytes = 0;
      carry = 0;
      await pending.catch(() => undefined);
      pending = readAt(fh, other, readPos);
    }
    try {
      n = await pending;
    } catch (e) {
      stop = { offset: readPos, frame: decoder.frames + 1, reason: `read error: ${errorText(e)}` };
      break;
    }
    if (n === 0) {
      if (carry > 0) stop = parser.truncatedAt(cur, windowEnd - carry, windowEnd, readPos - carry);
      break;
    }
    if (carry > 0) cur.copy(other, SLACK_BYTES - carry, windowEnd - carry, windowEnd);
    chunkPos = readPos;
    const t = cur;
    cur = other;
    other = t;
  }
  return summary(path, header.format, decoder, parser.linkTypes, stop);
}

function summary(
  file: string,
  format: 'pcap' | 'pcapng',
  d: PacketDecoder,
  linkTypes: Set<number>,
  stop: CaptureStop | undefined,
): CaptureSummary {
  const out: CaptureSummary = {
    file,
    format,
    linkTypes: [...linkTypes].sort((a, b) => a - b),
    frames: d.frames,
    bytes: d.bytes,
    ipv4Packets: d.ipv4Packets,
    ipv4Fragments: d.ipv4Fragments,
    otherFrames: d.otherFrames,
    malformedFrames: d.malformedFrames,
    udp4051: d.udp.summaries(),
    tcp4051: d.tcp.connections(d.conversations.states),
    tftp: d.tftp.transfers(),
    conversations: d.conversations.summaries(),
  };
  if (d.frames > 0 && Number.isFinite(d.firstTime)) {
    out.firstTime = d.firstTime;
    out.lastTime = d.lastTime;
  }
  if (stop !== undefined) out.stoppedEarly = stop;
  return out;
}
