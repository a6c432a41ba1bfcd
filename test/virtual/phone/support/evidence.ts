// Evidence from a loopback run, read the way the harness reads a lab's: a tcpdump capture
// through readCapture and the phones' console logs through parseConsoleLog (with the virtual
// lab's own dialect for the child-side lines).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConsoleLog } from '../../../../harness/evidence/console/index.ts';
import type { ParsedConsoleLog } from '../../../../harness/evidence/console/index.ts';
import { readCapture } from '../../../../harness/evidence/pcap/index.ts';
import type { EvidenceSet } from '../../../../harness/pfs/evidence-set.ts';
import { virtualPhoneDialect } from '../../../../labs/virtual/phone/console-dialect.ts';
import type { VirtualPhone } from '../../../../labs/virtual/phone/phone.ts';
import { startTcpdump } from '../../../support/capture-tcpdump.ts';

export interface LoopbackCapture {
  file: string;
  /** Resolves to the number of frames the kernel dropped (0 for a usable capture). */
  stop(): Promise<number>;
  cleanup(): Promise<void>;
}

/** tcpdump on lo for one subnet of phones and their TFTP server. */
export async function captureLoopback(tftpIp: string, subnetPrefix: string): Promise<LoopbackCapture> {
  const dir = await mkdtemp(join(tmpdir(), 'pfslab-phone-'));
  const file = join(dir, 'lo.pcap');
  const cap = await startTcpdump(file, 'lo', `host ${tftpIp} or (net ${subnetPrefix} and port 4051)`);
  return {
    file,
    stop: () => cap.stop(),
    async cleanup() {
      await cap.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function parsePhoneLog(p: VirtualPhone): ParsedConsoleLog {
  return parseConsoleLog(p.flash.log.all(), `${p.name}/FS/cache`, { extraDialect: virtualPhoneDialect });
}

export async function evidenceFrom(captureFile: string, phones: readonly VirtualPhone[]): Promise<EvidenceSet> {
  return {
    captures: [await readCapture(captureFile)],
    logs: phones.map((p) => ({ log: parsePhoneLog(p), phone: p.spec.ip })),
  };
}

/** The published fixture's events, in time order (the fixture has one record out of order). */
export async function fixtureEventTypes(): Promise<string[]> {
  const text = await readFile(new URL('../../../../../shared/fixtures/root-phone-console.as-published.log', import.meta.url), 'utf8');
  const log = parseConsoleLog(text, 'fixture');
  return [...log.events].sort((a, b) => a.timeMicros - b.timeMicros).map((e) => (e.type === 'advert' ? `advert ${e.n}` : e.type));
}
