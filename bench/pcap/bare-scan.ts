// The floor for any pcap reader: stream the file in 8 MiB chunks, walk the record headers,
// decode Ethernet/IPv4/TCP headers and fold a few fields into a checksum (so nothing is
// optimised away), with no flow state at all. readCapture is measured against this.
import { open } from 'node:fs/promises';

const CHUNK = 8 * 1024 * 1024;
const SLACK = 1024 * 1024;

export interface BareScanResult {
  frames: number;
  tcpPayloadBytes: number;
  checksum: number;
}

/** Classic little-endian microsecond pcap with Ethernet only (what the bench writes). */
export async function bareScan(path: string): Promise<BareScanResult> {
  const fh = await open(path, 'r');
  const buf = Buffer.allocUnsafe(SLACK + CHUNK);
  let frames = 0;
  let tcpPayloadBytes = 0;
  let checksum = 0;
  try {
    let pos = 0;
    let carry = 0;
    let skip = 24;
    for (;;) {
      const { bytesRead } = await fh.read(buf, SLACK, CHUNK, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      const end = SLACK + bytesRead;
      let p = SLACK - carry + skip;
      skip = 0;
      while (end - p >= 16) {
        const caplen = buf.readUInt32LE(p + 8);
        const next = p + 16 + caplen;
        if (next > end) break;
        frames++;
        const f = p + 16;
        if (caplen >= 54 && buf.readUInt16BE(f + 12) === 0x0800) {
          const ip = f + 14;
          const ihl = (buf[ip]! & 15) << 2;
          const total = buf.readUInt16BE(ip + 2);
          if (buf[ip + 9] === 6) {
            const tcp = ip + ihl;
            tcpPayloadBytes += total - ihl - ((buf[tcp + 12]! >> 4) << 2);
            checksum = (checksum + buf.readUInt32BE(ip + 12) + buf.readUInt16BE(tcp) + buf.readUInt32BE(tcp + 4)) | 0;
          }
        }
        p = next;
      }
      carry = end - p;
      buf.copy(buf, SLACK - carry, p, end);
    }
  } finally {
    await fh.close();
  }
  return { frames, tcpPayloadBytes, checksum };
}
