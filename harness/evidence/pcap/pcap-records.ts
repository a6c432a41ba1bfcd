// Walks classic pcap records: 16-byte header (ts_sec, ts_frac, caplen, origlen), then the
// frame. HOT PATH: one bounds check and four integer reads per record, then the decoder.
//
// A captured length above 262144 (libpcap's and Wireshark's limit) means the record header
// is garbage: reading stops there with what was read so far, as tshark does.
import type { CaptureStop } from './types.ts';
import type { PcapFileHeader } from './file-header.ts';
import type { PacketDecoder } from './packet-decoder.ts';
import type { RecordParser } from './record-parser.ts';

const MAX_CAPLEN = 262144;

export class PcapRecordParser implements RecordParser {
  stop: CaptureStop | undefined = undefined;
  skipBytes = 0;
  skippedFrameBytes: number | undefined = undefined;
  readonly linkTypes: Set<number>;
  private readonly le: boolean;
  private readonly scale: number;
  private readonly headerBytes: number;
  private readonly linkType: number;

  constructor(
    private readonly decoder: PacketDecoder,
    header: PcapFileHeader,
  ) {
    this.le = header.littleEndian;
    this.scale = header.fractionScale;
    this.headerBytes = header.recordHeaderBytes;
    this.linkType = header.linkType;
    this.linkTypes = new Set([header.linkType]);
  }

  parse(buf: Buffer, start: number, end: number, fileOffset: number): number {
    const le = this.le;
    const scale = this.scale;
    const hdr = this.headerBytes;
    const linkType = this.linkType;
    const decoder = this.decoder;
    const clock = decoder.clock;
    let p = start;
    while (end - p >= hdr) {
      // Little-endian words from bytes: Buffer#readUInt32LE is not always inlined here.
      let sec: number;
      let frac: number;
      let caplen: number;
      if (le) {
        sec = (buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24)) >>> 0;
        frac = (buf[p + 4]! | (buf[p + 5]! << 8) | (buf[p + 6]! << 16) | (buf[p + 7]! << 24)) >>> 0;
        caplen = (buf[p + 8]! | (buf[p + 9]! << 8) | (buf[p + 10]! << 16) | (buf[p + 11]! << 24)) >>> 0;
      } else {
        sec = buf.readUInt32BE(p);
        frac = buf.readUInt32BE(p + 4);
        caplen = buf.readUInt32BE(p + 8);
      }
      if (caplen > MAX_CAPLEN) {
        this.stop = {
          offset: fileOffset + (p - start),
          frame: decoder.frames + 1,
          reason: `record header claims ${caplen} captured bytes (maximum ${MAX_CAPLEN}): corrupt record header`,
        };
        return p;
      }
      const next = p + hdr + caplen;
      if (next > end) break;
      clock.time = sec + frac * scale;
      decoder.frame(buf, p + hdr, caplen, linkType);
      p = next;
    }
    return p;
  }

  truncatedAt(buf: Buffer, start: number, end: number, fileOffset: number): CaptureStop {
    const have = end - start;
    const frame = this.decoder.frames + 1;
    if (have < this.headerBytes) {
      return { offset: fileOffset, frame, reason: `file ends inside a record header (${have} of ${this.headerBytes} bytes)` };
    }
    const caplen = this.le ? buf.readUInt32LE(start + 8) : buf.readUInt32BE(start + 8);
    return {
      offset: fileOffset,
      frame,
      reason: `file ends inside a record: ${caplen} captured bytes announced, ${have - this.headerBytes} present`,
    };
  }
}
