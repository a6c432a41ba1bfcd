// PFS upgrades written as real captures (capture-builder), read back with the capture reader
// and analysed: what `pfslab analyze` does, without the CLI. Each verdict test describes its
// upgrade step by step, in capture time, as a phone would emit it.
import type { ParsedConsoleLog } from '../../harness/evidence/console/types.ts';
import { parseConsoleLog } from '../../harness/evidence/console/index.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import type { AnalysisResult } from '../../harness/pfs/analysis-types.ts';
import { analyzePfs } from '../../harness/pfs/analyze.ts';
import type { PhoneLog } from '../../harness/pfs/evidence-set.ts';
import type { LabFacts } from '../../harness/pfs/inventory.ts';
import { CaptureBuilder } from '../support/capture-builder.ts';
import type { CaptureBuilderOptions } from '../support/capture-builder.ts';
import type { CaptureTmpDir } from '../support/capture-tmp.ts';

export const TFTP = '10.10.0.10';
/** The virtual lab's transfer header ahead of a file on TCP 4051 (any header up to 1 KiB reads the same). */
export const HEADER = 64;
const T0 = 1_700_000_000;

export interface BuiltFile {
  name: string;
  size: number;
}

/** An upgrade told in capture time: t is seconds after the capture's start. */
export class UpgradeScript {
  private port = 40_000;
  constructor(private readonly b: CaptureBuilder) {}

  /** A UDP 4051 announcement: the wire's sign that the phone runs PFS. */
  announce(ip: string, t = 0): this {
    this.b.udp({ src: ip, dst: '255.255.255.255', sport: 4051, dport: 4051, payload: 48, at: T0 + t });
    return this;
  }

  /** A TFTP read of the whole file (or `bytes` of it, then silence). */
  tftp(client: string, file: BuiltFile, t: number, opts: { durationS?: number; bytes?: number } = {}): this {
    const p = (this.port += 2);
    this.b.tftpRead({
      client, cport: p, server: TFTP, stid: p + 1, file: file.name, size: file.size, blksize: 1428,
      start: T0 + t, durationS: opts.durationS ?? 1, ...(opts.bytes !== undefined ? { stopAfterBytes: opts.bytes } : {}),
    });
    return this;
  }

  /** A TCP 4051 copy: the child connects, the parent sends the header and the file (or `bytes`, then the connection is cut). */
  feed(parent: string, child: string, file: BuiltFile, t: number, opts: { durationS?: number; bytes?: number; retransmitEvery?: number } = {}): this {
    const cut = opts.bytes !== undefined;
    this.b.tcpSession({
      client: child, cport: ++this.port, server: parent, sport: 4051, clientBytes: 40, serverBytes: cut ? (opts.bytes ?? 0) : file.size + HEADER,
      start: T0 + t, durationS: opts.durationS ?? 1, end: cut ? 'reset' : 'close', ...(opts.retransmitEvery ? { retransmitEvery: opts.retransmitEvery } : {}),
    });
    return this;
  }

  /** A TCP 4051 connection opened and closed with no byte either way (a "are you there?" probe, a port scan). */
  probe(from: string, to: string, t: number): this {
    this.b.tcpSession({ client: from, cport: ++this.port, server: to, sport: 4051, clientBytes: 0, serverBytes: 0, start: T0 + t, durationS: 0.01, end: 'close' });
    return this;
  }
}

/** Writes the capture the script describes, reads it like `pfslab analyze`, and analyses it. */
export async function analyseUpgrade(
  tmp: CaptureTmpDir,
  name: string,
  script: (u: UpgradeScript) => void,
  opts: { facts?: LabFacts; logs?: PhoneLog[]; builder?: CaptureBuilderOptions } = {},
): Promise<AnalysisResult> {
  const file = tmp.file(name);
  const b = await CaptureBuilder.create(file, opts.builder);
  script(new UpgradeScript(b));
  await b.close();
  return analyzePfs({ captures: [await readCapture(file)], logs: opts.logs ?? [] }, opts.facts);
}

/** A phone's console log from text, as collect-logs reads it. */
export function phoneLog(text: string, source: string, phone?: string): PhoneLog {
  const log: ParsedConsoleLog = parseConsoleLog(text, source);
  return phone === undefined ? { log } : { log, phone };
}
