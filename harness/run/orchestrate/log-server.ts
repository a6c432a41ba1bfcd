// pfslab as the lab's Log Server during one upgrade scenario: the syslog receiver starts on
// the harness host, then each phone's "Log Server" is set in CUCM to it (journaled by the
// driver, undone when the suite ends) and the config files on TFTP are read until they carry
// it; the phones read it at their next boot. Stopped after the scenario's other evidence.
//
// A receiver that cannot listen (port taken, no such address) is not a reason to abandon the
// upgrade: CUCM is then left alone and the scenario's notes say why there is no syslog
// evidence; the syslog suite reports it as a lab problem.
import path from 'node:path';
import { LOG_SERVER } from '../../../drivers/cucm/index.ts';
import { SyslogReceiver } from '../../evidence/syslog/index.ts';
import { redact } from '../../lab/index.ts';
import type { Identify, SyslogSummary } from '../../evidence/syslog/index.ts';
import { readState } from '../../../labs/virtual/lab/index.ts';
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';
import { eachAtMost } from './at-most.ts';
import { CONFIG_READS_AT_ONCE, cucmChangesAtOnce, waitForConfig } from './set-phones.ts';

export interface SyslogEvidenceFiles {
  dir: string;
  /** The value written into each phone's Log Server, e.g. 169.254.77.1 or 10.50.1.40:5514. */
  logServer: string;
  /** phone name -> its evidence file (phones that sent anything). */
  files: Map<string, string>;
  summaryFile: string;
  summary: SyslogSummary;
}

export interface LogServerSession {
  stop(): Promise<SyslogEvidenceFiles>;
}

export type LogServerStart = { session: LogServerSession; note?: undefined } | { session?: undefined; note: string } | undefined;

/** undefined when the lab has no logServer section (no syslog for this lab). */
export async function startLogServer(ctx: LabContext, phones: readonly LabPhone[], dir: string): Promise<LogServerStart> {
  const spec = ctx.lab.spec.logServer;
  if (!spec) return undefined;
  const address = spec.address ?? (await virtualHarnessAddress(ctx));
  if (address === undefined) return { note: 'syslog: the running virtual lab does not say where it reaches this host (lab state without endpoints.harness); no Log Server set' };
  const syslogDir = path.join(dir, 'syslog');
  let receiver: SyslogReceiver;
  try {
    receiver = await SyslogReceiver.start({ address: spec.bind ?? address, port: spec.port, dir: syslogDir, identify: identifyLabPhones(ctx.phones), redact });
  } catch (e) {
    return { note: `${(e as Error).message}; no Log Server set in CUCM, no syslog evidence` };
  }
  const logServer = spec.port === 514 ? address : `${address}:${spec.port}`;
  try {
    await eachAtMost(cucmChangesAtOnce(ctx), phones, async (p) => {
      const now = await ctx.cucm.getPhoneParam(p.name, LOG_SERVER);
      if (!now.override || now.value !== logServer) await ctx.cucm.setPhoneParam(p.name, LOG_SERVER, logServer);
    });
    await eachAtMost(CONFIG_READS_AT_ONCE, phones, (p) => waitForConfig(ctx, p.name, (c) => c.logServer === logServer, `Log Server ${logServer}`));
  } catch (e) {
    await receiver.stop();
    throw e;
  }
  ctx.log(`syslog: listening on udp ${receiver.address}:${receiver.port}; Log Server of ${phones.length} phone(s) set to ${logServer}`);
  return {
    session: {
      async stop() {
        const summary = await receiver.stop();
        const files = new Map(summary.senders.filter((s) => s.phone !== undefined).map((s) => [s.phone as string, s.file]));
        return { dir: syslogDir, logServer, files, summaryFile: receiver.summaryFile, summary };
      },
    },
  };
}

/** A lab phone by the datagram's source address; else by its host name (a phone behind NAT). */
export function identifyLabPhones(phones: readonly Pick<LabPhone, 'name' | 'ip'>[]): Identify {
  const byIp = new Map(phones.map((p) => [p.ip, p.name]));
  const byName = new Set(phones.map((p) => p.name));
  return (address, host) => {
    const fromAddress = byIp.get(address);
    const named = host?.toUpperCase();
    const hostPhone = named !== undefined && byName.has(named) ? named : undefined;
    if (fromAddress) return { key: fromAddress, phone: fromAddress, ...(hostPhone && hostPhone !== fromAddress ? { mismatch: `host name ${hostPhone} from ${fromAddress}'s address ${address}` } : {}) };
    if (hostPhone) return { key: hostPhone, phone: hostPhone };
    return { key: `unknown-${address}${host ? `-${host}` : ''}` };
  };
}

async function virtualHarnessAddress(ctx: LabContext): Promise<string | undefined> {
  if (!ctx.isVirtual) return undefined;
  const state = await readState(ctx.paths.labStateFile).catch(() => undefined);
  return state?.endpoints?.harness?.address;
}
