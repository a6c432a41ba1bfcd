// Builds a capture shaped like a PFS upgrade at a branch: the root phone fetches the five
// load components from the TFTP server (mixed 512-byte and 1428-byte blocks), every phone
// reads its config file by TFTP, phones broadcast hierarchy claims on UDP 4051, and each
// file is copied parent -> child over TCP 4051 down a binary tree in 1448-byte segments.
// The TCP copies are the bulk; phones are added until the file reaches the target size.
import { CaptureBuilder } from '../../test/support/capture-builder.ts';

/** Load 9.4(2) SCCP41 component sizes (pfs-reference.md section 4). */
const COMPONENTS: [string, number][] = [
  ['jar41sccp.9-4-2ES26.sbn', 1_630_052],
  ['cnu41.9-4-2ES26.sbn', 556_833],
  ['apps41.9-4-2ES26.sbn', 3_157_527],
  ['dsp41.9-4-2ES26.sbn', 562_693],
  ['cvm41sccp.9-4-2ES26.sbn', 2_219_477],
];
const TFTP_SERVER = '10.1.0.10';

function phoneIp(i: number): string {
  return `10.106.${117 + (i >> 8)}.${(i & 0xff) + 1}`;
}

export interface BuiltCapture {
  path: string;
  bytes: number;
  frames: number;
  phones: number;
  tcpSessions: number;
  tftpTransfers: number;
  udpDatagrams: number;
}

export async function buildPfsUpgradeCapture(path: string, targetBytes: number): Promise<BuiltCapture> {
  const perPhone = COMPONENTS.reduce((s, [, n]) => s + n, 0) * 1.05;
  const phones = Math.max(3, Math.ceil(targetBytes / perPhone));
  const b = await CaptureBuilder.create(path, { format: 'pcap', linkType: 'ethernet' });
  let tcpSessions = 0;
  let tftpTransfers = 0;
  let udpDatagrams = 0;
  for (let i = 0; i < phones; i++) {
    b.tftpRead({ client: phoneIp(i), cport: 50000 + i, server: TFTP_SERVER, stid: 40000 + i, file: `SEP0008${(0x27f80000 + i).toString(16).toUpperCase()}.cnf.xml`, size: 5_000 + i, blksize: 1428 });
    tftpTransfers++;
    for (let k = 0; k < 5; k++) {
      b.udp({ src: phoneIp(i), dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 64 });
      udpDatagrams++;
    }
  }
  // The root (phone 0) fetches each component from TFTP, then it flows down the tree.
  for (let c = 0; c < COMPONENTS.length; c++) {
    const [file, size] = COMPONENTS[c]!;
    b.tftpRead({ client: phoneIp(0), cport: 51000 + c, server: TFTP_SERVER, stid: 41000 + c, file, size, ...(c % 2 === 0 ? {} : { blksize: 1428, options: { tsize: '0' } }) });
    tftpTransfers++;
    for (let child = 1; child < phones; child++) {
      const parent = (child - 1) >> 1;
      b.tcpSession({ client: phoneIp(child), cport: 32768 + c, server: phoneIp(parent), sport: 4051, clientBytes: 64, serverBytes: size, mss: 1448 });
      tcpSessions++;
    }
  }
  await b.close();
  const { statSync } = await import('node:fs');
  return { path, bytes: statSync(path).size, frames: b.frames, phones, tcpSessions, tftpTransfers, udpDatagrams };
}
