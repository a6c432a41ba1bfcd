// readCapture: one streaming pass over a pcap/pcapng file, returning the flows the PFS
// analysis needs (see types.ts), never the packets.
//
// WHY HAND-WRITTEN: this is the hot path of `pfslab analyze`; a 1 GB capture of an upgrade
// must be summarised within twice the time of a bare scan of the file (~0.35 s/GB here).
// No npm pcap library comes near that, so the reader is written for speed:
//  - the input is read forward in fixed 1 MiB chunks into two reused buffers (memory stays
//    flat whatever the size). A stream's next chunk is read while this one is decoded; a
//    regular file's is read (synchronously, byte-source.ts) once it is decoded. It never
//    seeks back, so pipes, stdin and gzip streams read the same way (byte-source.ts).
//    1 MiB, not more: the decoder reads a few header bytes of every frame, and a chunk that
//    fits the CPU's cache is still there when they are read (8 MiB chunks cost the 1 GB
//    capture ~30 % more CPU, the same frames read from memory instead of cache);
//  - a record cut by a chunk boundary is copied in front of the next chunk (each buffer
//    keeps a 1 MiB slack in front for that), bigger records are skipped (unread in a file);
//  - integers are read straight from the buffer (readUInt32LE/BE), addresses and ports
//    stay numbers, flows are found through numeric hash keys (flow-table.ts) and a
//    last-hit cache; strings and objects are made only when a new flow appears;
//  - no regular expressions and no per-packet allocation on the TCP bulk path.
import type { CaptureStop, CaptureSummary } from './types.ts';
import type { RecordParser } from './record-parser.ts';
import type { ByteSource, OpenSourceOptions } from './byte-source.ts';
import { openByteSource } from './byte-source.ts';
import { CaptureError } from './capture-error.ts';
import { PCAP_HEADER_BYTES, readFileHeader } from './file-header.ts';
import { PacketDecoder } from './packet-decoder.ts';
import { PcapRecordParser } from './pcap-records.ts';
import { PcapngBlockParser } from './pcapng-blocks.ts';
import { MAX_WINDOW_RECORD } from './record-parser.ts';

/**
 * At least MAX_WINDOW_RECORD: a record cut at the end of a window is then always whole in the
 * next one (the parsers count on it, pcapng-blocks.ts: "completed by the next chunk").
 */
const CHUNK_BYTES = MAX_WINDOW_RECORD;
const SLACK_BYTES = MAX_WINDOW_RECORD;

export interface ReadCaptureOptions extends OpenSourceOptions {
  /** Called after each chunk with the number of input bytes read so far. */
  onProgress?(bytes: number): void;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A path, or `-` for stdin; pcap or pcapng, plain or gzip (see byte-source.ts). */
export async function readCapture(path: string, opts: ReadCaptureOptions = {}): Promise<CaptureSummary> {
  const source = await openByteSource(path, opts);
  try {
    return await readOpen(path === '-' ? '(stdin)' : path, source, opts);
  } finally {
    await source.close();
  }
}

async function readOpen(path: string, source: ByteSource, opts: ReadCaptureOptions): Promise<CaptureSummary> {
  let first: number;
  const bufA = Buffer.allocUnsafe(SLACK_BYTES + CHUNK_BYTES);
  const bufB = Buffer.allocUnsafe(SLACK_BYTES + CHUNK_BYTES);
  const read = (buf: Buffer): Promise<number> => source.read(buf, SLACK_BYTES, CHUNK_BYTES);
  try {
    first = await read(bufA);
  } catch (e) {
    throw new CaptureError(path, 0, `unreadable: ${errorText(e)}`, { cause: e });
  }
  const detected = readFileHeader(path, bufA, SLACK_BYTES, first);
  const decoder = new PacketDecoder();
  if (detected.header === undefined) {
    return summary(path, detected.truncated.format, decoder, new Set(), { offset: 0, frame: 0, reason: detected.truncated.reason });
  }
  const header = detected.header;
  const parser: RecordParser = header.format === 'pcap' ? new PcapRecordParser(decoder, header) : new PcapngBlockParser(decoder, source.size ?? Infinity);

  let cur = bufA;
  let other = bufB;
  let n = first;
  let chunkPos = 0; // input position of cur[SLACK_BYTES]
  let carry = 0; // bytes of an unfinished record at the end of the previous window
  let skipHeader = header.format === 'pcap' ? PCAP_HEADER_BYTES : 0;
  let stop: CaptureStop | undefined;
  while (n > 0) {
    const nextPos = chunkPos + n;
    // A stream's next chunk is read into the other buffer while this one is decoded (a file's
    // after it, below). The other buffer's slack (in front of SLACK_BYTES) is not touched by
    // the read: that is where the carry goes.
    const pending = source.readsAtOnce ? undefined : read(other);
    pending?.catch(() => undefined); // observed below; avoids an unhandled rejection meanwhile
    const windowStart = SLACK_BYTES - carry + skipHeader;
    const windowEnd = SLACK_BYTES + n;
    const consumed = parser.parse(cur, windowStart, windowEnd, chunkPos - carry + skipHeader);
    skipHeader = 0;
    opts.onProgress?.(nextPos);
    if (parser.stop !== undefined) {
      stop = parser.stop;
      await pending?.catch(() => undefined);
      break;
    }
    carry = windowEnd - consumed;
    let readPos = nextPos;
    try {
      n = await (pending ?? read(other));
      if (parser.skipBytes > 0) {
        // A block too big for the window: skip it. The input only goes forward, so the part
        // of it already prefetched is dropped from the front of the new chunk, the rest skipped.
        const skip = parser.skipBytes;
        parser.skipBytes = 0;
        carry = 0;
        readPos = nextPos + skip;
        if (skip < n) {
          other.copy(other, SLACK_BYTES, SLACK_BYTES + skip, SLACK_BYTES + n);
          n -= skip;
        } else {
          const skipped = await source.skip(skip - n);
          if (skipped < skip - n) {
            stop = { offset: nextPos + n + skipped, frame: decoder.frames + 1, reason: `input ends inside a block: ${skip - n - skipped} bytes of it missing` };
            break;
          }
          n = await read(other);
        }
        if (parser.skippedFrameBytes !== undefined) decoder.skippedFrame(parser.skippedFrameBytes);
        parser.skippedFrameBytes = undefined;
      }
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
