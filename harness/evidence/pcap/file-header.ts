// Recognises a capture file by its first bytes: classic pcap (either byte order, micro- or
// nanosecond magic, and the old "modified pcap" magic with 24-byte record headers) or
// pcapng (a Section Header Block in either byte order). Anything else is not a capture.
import { CaptureError } from './capture-error.ts';

export const PCAP_HEADER_BYTES = 24;
const PCAP_MICRO = 0xa1b2c3d4;
const PCAP_NANO = 0xa1b23c4d;
/** Alexey Kuznetzov's patched libpcap: records carry 8 more bytes (ifindex, protocol, type). */
const PCAP_MODIFIED = 0xa1b2cd34;
export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;
export const PCAPNG_BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export interface PcapFileHeader {
  format: 'pcap';
  littleEndian: boolean;
  /** Multiply the fractional timestamp field by this to get seconds. */
  fractionScale: number;
  recordHeaderBytes: number;
  linkType: number;
  snaplen: number;
}

export interface PcapngFileHeader {
  format: 'pcapng';
}

export type FileHeader = PcapFileHeader | PcapngFileHeader;

/** What the file's first bytes say: a header, or (for a recognised magic) that the header itself is cut. */
export type HeaderResult = { header: FileHeader; truncated?: undefined } | { header?: undefined; truncated: { format: 'pcap' | 'pcapng'; reason: string } };

export function readFileHeader(file: string, buf: Buffer, start: number, length: number): HeaderResult {
  if (length === 0) throw new CaptureError(file, 0, 'empty file: expected a pcap or pcapng file header');
  if (length < 4) throw new CaptureError(file, 0, `only ${length} bytes: expected a pcap or pcapng magic number`);
  const le = buf.readUInt32LE(start);
  const be = buf.readUInt32BE(start);
  if (le === PCAPNG_SHB_TYPE) {
    if (length < 12) return { truncated: { format: 'pcapng', reason: `pcapng section header cut after ${length} bytes` } };
    const bom = buf.readUInt32LE(start + 8);
    if (bom !== PCAPNG_BYTE_ORDER_MAGIC && bom !== 0x4d3c2b1a) {
      throw new CaptureError(file, 8, `pcapng byte-order magic is 0x${bom.toString(16)}: expected 0x1a2b3c4d in either byte order`);
    }
    return { header: { format: 'pcapng' } };
  }
  let littleEndian: boolean;
  let magic: number;
  if (le === PCAP_MICRO || le === PCAP_NANO || le === PCAP_MODIFIED) {
    littleEndian = true;
    magic = le;
  } else if (be === PCAP_MICRO || be === PCAP_NANO || be === PCAP_MODIFIED) {
    littleEndian = false;
    magic = be;
  } else {
    throw new CaptureError(
      file,
      0,
      `magic number 0x${be.toString(16).padStart(8, '0')} is not a capture: expected pcap (a1b2c3d4, a1b23c4d) or pcapng (0a0d0d0a)`,
    );
  }
  if (length < PCAP_HEADER_BYTES) {
    return { truncated: { format: 'pcap', reason: `pcap file header cut after ${length} of ${PCAP_HEADER_BYTES} bytes` } };
  }
  const r32 = (o: number): number => (littleEndian ? buf.readUInt32LE(start + o) : buf.readUInt32BE(start + o));
  return {
    header: {
      format: 'pcap',
      littleEndian,
      fractionScale: magic === PCAP_NANO ? 1e-9 : 1e-6,
      recordHeaderBytes: magic === PCAP_MODIFIED ? 24 : 16,
      snaplen: r32(16),
      // The upper bits may carry FCS information (pcap 2.4 "LinkType and additional information").
      linkType: r32(20) & 0xffff,
    },
  };
}
