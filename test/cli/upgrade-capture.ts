// A capture of a small PFS upgrade on a branch LAN, written with the capture builder: what
// pfslab analyze reads in the CLI tests. Sizes follow the SCCP41 load scaled down.
import { CaptureBuilder } from '../support/capture-builder.ts';
import type { CaptureBuilderOptions, FrameRange } from '../support/capture-builder.ts';

export const TFTP = '10.10.0.10';
export const APPS41 = { name: 'apps41.9-4-2ES26.sbn', size: 49_337 };
/** Bytes of the virtual-lab-style transfer header ahead of the file on TCP 4051. */
const HEADER = 64;

export interface UpgradeCapture {
  /** Frame of each TFTP request, by client. */
  tftpRequestFrame: Map<string, number>;
  edges: Map<string, FrameRange>;
}

/**
 * .11 fetches apps41 from TFTP and feeds .12 and .13; .12 feeds .14. Options add faults:
 * a second TFTP fetch by .14 instead of its edge, or a third child of .11.
 */
export async function writeUpgradeCapture(
  file: string,
  opts: { extraTftpFetcher?: boolean; thirdChild?: boolean; cutAt?: number } & CaptureBuilderOptions = {},
): Promise<UpgradeCapture> {
  const b = await CaptureBuilder.create(file, opts);
  const ip = (n: number): string => `10.20.1.${n}`;
  const out: UpgradeCapture = { tftpRequestFrame: new Map(), edges: new Map() };
  for (const n of [11, 12, 13, 14, 15]) b.udp({ src: ip(n), dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 48 });
  const fetch = (n: number, port: number): void => {
    const r = b.tftpRead({ client: ip(n), cport: port, server: TFTP, stid: port + 1000, file: APPS41.name, size: APPS41.size, blksize: 1428, options: { tsize: '0' } });
    out.tftpRequestFrame.set(ip(n), r.firstFrame);
  };
  const feed = (parent: number, child: number, port: number): void => {
    out.edges.set(`${ip(parent)}>${ip(child)}`, b.tcpSession({ client: ip(child), cport: port, server: ip(parent), sport: 4051, clientBytes: 40, serverBytes: APPS41.size + HEADER }));
  };
  fetch(11, 50001);
  feed(11, 12, 40001);
  feed(11, 13, 40002);
  if (opts.extraTftpFetcher) fetch(14, 50002);
  else feed(12, 14, 40003);
  if (opts.thirdChild) feed(11, 15, 40004);
  await b.close();
  return out;
}
