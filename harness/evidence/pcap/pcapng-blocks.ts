// Walks pcapng blocks: Section Header (either byte order; a new section resets the
// interfaces), Interface Description (link type, snap length, if_tsresol, if_tsoffset),
// Enhanced Packet, Simple Packet and the obsolete Packet block. Every other block (name
// resolution, statistics, custom, unknown) is skipped by its length.
//
// Each block's trailing length must repeat its leading length: a mismatch, a length that is
// not a multiple of 4 or runs past the end of the file means garbage, and reading stops
// there with what was read so far.
import type { CaptureStop } from './types.ts';
import type { PacketDecoder } from './packet-decoder.ts';
import type { RecordParser } from './record-parser.ts';
import { MAX_WINDOW_RECORD } from './record-parser.ts';
import { PCAPNG_BYTE_ORDER_MAGIC, PCAPNG_SHB_TYPE } from './file-header.ts';

const BLOCK_IDB = 1;
const BLOCK_OPB = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;
const TWO_POW_32 = 4294967296;

interface Interface {
  linkType: number;
  snaplen: number;
  /** Seconds per unit of the high and low timestamp words, and the if_tsoffset in seconds. */
  hiScale: number;
  loScale: number;
  offset: number;
}

export class PcapngBlockParser implements RecordParser {
  stop: CaptureStop | undefined = undefined;
  skipBytes = 0;
  skippedFrameBytes: number | undefined = undefined;
  readonly linkTypes = new Set<number>();
  private le = true;
  private interfaces: Interface[] = [];
  /** SPB has no timestamp: its frames get the previous frame's time. */
  private lastTime = 0;

  constructor(
    private readonly decoder: PacketDecoder,
    private readonly fileSize: number,
  ) {}

  parse(buf: Buffer, start: number, end: number, fileOffset: number): number {
    let p = start;
    while (end - p >= 12) {
      const rawType = buf.readUInt32LE(p);
      if (rawType === PCAPNG_SHB_TYPE) {
        const bom = buf.readUInt32LE(p + 8);
        if (bom === PCAPNG_BYTE_ORDER_MAGIC) this.le = true;
        else if (bom === 0x4d3c2b1a) this.le = false;
        else return this.corrupt(p, start, fileOffset, `section header byte-order magic 0x${bom.toString(16)} is not 0x1a2b3c4d`);
      }
      const le = this.le;
      const type = le ? rawType : buf.readUInt32BE(p);
      const len = le ? buf.readUInt32LE(p + 4) : buf.readUInt32BE(p + 4);
      if (len < 12 || (len & 3) !== 0) {
        return this.corrupt(p, start, fileOffset, `block type 0x${type.toString(16)} has length ${len}: not a multiple of 4 of at least 12`);
      }
      if (len > end - p) {
        const at = fileOffset + (p - start);
        if (at + len > this.fileSize) {
          return this.corrupt(p, start, fileOffset, `block type 0x${type.toString(16)} of ${len} bytes runs past the end of the file (${this.fileSize} bytes): the file is cut or the length is corrupt`);
        }
        if (len <= MAX_WINDOW_RECORD) break; // completed by the next chunk
        // Too big to hold whole: account for it from its header and skip the rest unread.
        if (type === BLOCK_EPB || type === BLOCK_OPB || type === BLOCK_SPB) {
          if (end - p < 28) break;
          // The captured length is checked against the block's own length, as for a block
          // read whole: a forged one would be counted as gigabytes of frames otherwise.
          const caplen = type === BLOCK_SPB ? len - 16 : this.r32(buf, p + 20);
          if (type !== BLOCK_SPB && 28 + caplen > len - 4) return this.corrupt(p, start, fileOffset, `packet block of ${len} bytes claims ${caplen} captured bytes`);
          this.decoder.clock.time = this.lastTime;
          this.skippedFrameBytes = caplen;
        }
        this.skipBytes = len - (end - p);
        return end;
      }
      const trailer = le ? buf.readUInt32LE(p + len - 4) : buf.readUInt32BE(p + len - 4);
      if (trailer !== len) {
        return this.corrupt(p, start, fileOffset, `block type 0x${type.toString(16)}: trailing length ${trailer} differs from leading length ${len}`);
      }
      if (type === BLOCK_EPB || type === BLOCK_OPB) {
        const ifid = type === BLOCK_EPB ? this.r32(buf, p + 8) : this.r16(buf, p + 8);
        const iface = this.interfaces[ifid];
        if (iface === undefined) return this.corrupt(p, start, fileOffset, `packet block names interface ${ifid}, but only ${this.interfaces.length} are described`);
        const caplen = this.r32(buf, p + 20);
        if (28 + caplen > len - 4) return this.corrupt(p, start, fileOffset, `packet block of ${len} bytes claims ${caplen} captured bytes`);
        const time = this.r32(buf, p + 12) * iface.hiScale + this.r32(buf, p + 16) * iface.loScale + iface.offset;
        this.lastTime = time;
        this.decoder.clock.time = time;
        this.decoder.frame(buf, p + 28, caplen, iface.linkType);
      } else if (type === BLOCK_SPB) {
        const iface = this.interfaces[0];
        if (iface === undefined) return this.corrupt(p, start, fileOffset, 'simple packet block before any interface description');
        const origLen = this.r32(buf, p + 8);
        let caplen = Math.min(origLen, len - 16);
        if (iface.snaplen > 0 && caplen > iface.snaplen) caplen = iface.snaplen;
        this.decoder.clock.time = this.lastTime;
        this.decoder.frame(buf, p + 12, caplen, iface.linkType);
      } else if (type === BLOCK_IDB) {
        this.addInterface(buf, p, len);
      } else if (type === PCAPNG_SHB_TYPE) {
        this.interfaces = [];
      }
      p += len;
    }
    return p;
  }

  truncatedAt(buf: Buffer, start: number, end: number, fileOffset: number): CaptureStop {
    const have = end - start;
    const frame = this.decoder.frames + 1;
    if (have < 12) return { offset: fileOffset, frame, reason: `file ends inside a block header (${have} bytes left)` };
    const len = this.le ? buf.readUInt32LE(start + 4) : buf.readUInt32BE(start + 4);
    return { offset: fileOffset, frame, reason: `file ends inside a block: ${len} bytes announced, ${have} present` };
  }

  private addInterface(buf: Buffer, p: number, len: number): void {
    const linkType = this.r16(buf, p + 8);
    const snaplen = this.r32(buf, p + 12);
    let unitsPerSecond = 1e6;
    let offset = 0;
    const optEnd = p + len - 4;
    for (let o = p + 16; o + 4 <= optEnd; ) {
      const code = this.r16(buf, o);
      const olen = this.r16(buf, o + 2);
      if (code === OPT_END || o + 4 + olen > optEnd) break;
      if (code === OPT_IF_TSRESOL && olen >= 1) {
        const v = buf[o + 4]!;
        unitsPerSecond = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
      } else if (code === OPT_IF_TSOFFSET && olen >= 8) {
        const hi = this.r32(buf, o + (this.le ? 8 : 4));
        const lo = this.r32(buf, o + (this.le ? 4 : 8));
        offset = (hi | 0) * TWO_POW_32 + lo;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    this.interfaces.push({ linkType, snaplen, hiScale: TWO_POW_32 / unitsPerSecond, loScale: 1 / unitsPerSecond, offset });
    this.linkTypes.add(linkType);
  }

  private corrupt(p: number, start: number, fileOffset: number, reason: string): number {
    this.stop = { offset: fileOffset + (p - start), frame: this.decoder.frames + 1, reason };
    return p;
  }

  private r32(buf: Buffer, o: number): number {
    return this.le ? buf.readUInt32LE(o) : buf.readUInt32BE(o);
  }

  private r16(buf: Buffer, o: number): number {
    return this.le ? buf.readUInt16LE(o) : buf.readUInt16BE(o);
  }
}
