// pfslab as the lab's log server: a UDP syslog receiver that keeps every datagram, per phone,
// in arrival order with its receive time, as evidence files (evidence-line.ts).
//
// Whatever arrives, the receiver keeps running: a datagram that is not syslog, one too long,
// a flood, a socket error, are counted (stats) and never thrown. What is kept is bounded:
// maxMessageBytes per datagram (longer ones are cut and marked), maxFileBytes per phone,
// maxTotalBytes in all, maxSenders files; beyond a bound datagrams are dropped and counted
// by reason. Memory holds at most what is waiting for the next flush (bounded by the same
// byte limits). Kernel drops (socket buffer full) are read from /proc/net/udp at stop.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EVIDENCE_COLUMNS, EVIDENCE_MAGIC, escapeText, formatEvidenceLine } from './evidence-line.ts';
import { parseSyslogDatagram } from './frame.ts';

export interface SyslogLimits {
  /** Datagram bytes kept; longer ones are cut here and marked "+cut". RFC 5424 asks for >= 2048. */
  maxMessageBytes: number;
  /** Bytes kept per phone (evidence file); further datagrams from it are dropped and counted. */
  maxFileBytes: number;
  /** Bytes kept over all phones. */
  maxTotalBytes: number;
  /** Distinct senders (files); datagrams from more are dropped and counted. */
  maxSenders: number;
}

export const DEFAULT_SYSLOG_LIMITS: SyslogLimits = {
  maxMessageBytes: 8192,
  maxFileBytes: 8 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  maxSenders: 1024,
};

/** Who sent a datagram: a lab phone (by source address, else by host name), or someone else. */
export interface SenderIdentity {
  /** File name stem: the phone's name, or "unknown-<address>[-<host>]". */
  key: string;
  phone?: string;
  /** Set when the host name names another lab phone than the source address does. */
  mismatch?: string;
}

export type Identify = (address: string, host: string | undefined) => SenderIdentity;

export interface SyslogReceiverOptions {
  /** Address to bind (the harness host's address as the lab reaches it, or 0.0.0.0). */
  address: string;
  /** 514 by default for phones; 0 picks a free port (tests). */
  port: number;
  /** Evidence directory: one <key>.syslog.log per sender and syslog-summary.json. */
  dir: string;
  identify?: Identify;
  limits?: Partial<SyslogLimits>;
  /** Flush period of the evidence files. */
  flushMs?: number;
  /**
   * Scrubs lab secrets from a datagram's text before it is written (the run passes the lab's
   * redact). Required: the evidence folder is part of the report, and evidence parsing knows
   * nothing of the lab's secrets itself (harness/evidence never imports harness/lab).
   */
  redact: (text: string) => string;
}

export type DropReason = 'not-syslog' | 'file-full' | 'total-full' | 'too-many-senders' | 'internal-error';

export interface SenderStats {
  key: string;
  phone?: string;
  file: string;
  addresses: string[];
  hosts: string[];
  kept: number;
  keptBytes: number;
  cut: number;
  dropped: number;
  /** First datagram where its host name named another lab phone than its source address. */
  mismatch?: string;
}

export interface SyslogSummary {
  listen: string;
  startedAt: string;
  stoppedAt?: string;
  received: number;
  kept: number;
  cut: number;
  dropped: Record<DropReason, number>;
  /** Datagrams the kernel dropped (socket buffer full), from /proc/net/udp; undefined when unreadable. */
  kernelDrops?: number;
  senders: SenderStats[];
  /** Socket errors and write errors, at most 20 kept. */
  errors: string[];
  limits: SyslogLimits;
}

interface Sender {
  stats: SenderStats;
  pending: string[];
}

const defaultIdentify: Identify = (address, host) => ({ key: `unknown-${address}${host ? `-${safeStem(host)}` : ''}` });

export class SyslogReceiver {
  readonly summaryFile: string;
  private readonly limits: SyslogLimits;
  private readonly senders = new Map<string, Sender>();
  private readonly summary: SyslogSummary;
  private keptTotal = 0;
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private stopped: Promise<SyslogSummary> | undefined;

  private constructor(
    private readonly socket: Socket,
    readonly address: string,
    readonly port: number,
    private readonly o: SyslogReceiverOptions,
  ) {
    this.limits = { ...DEFAULT_SYSLOG_LIMITS, ...o.limits };
    this.summaryFile = path.join(o.dir, 'syslog-summary.json');
    this.summary = {
      listen: `${address}:${port}`,
      startedAt: new Date().toISOString(),
      received: 0,
      kept: 0,
      cut: 0,
      dropped: { 'not-syslog': 0, 'file-full': 0, 'total-full': 0, 'too-many-senders': 0, 'internal-error': 0 },
      senders: [],
      errors: [],
      limits: this.limits,
    };
    socket.on('message', (msg, rinfo) => {
      try {
        this.accept(msg, rinfo.address, rinfo.port);
      } catch (e) {
        this.summary.dropped['internal-error']++;
        this.error(`datagram from ${rinfo.address}: ${(e as Error).message}`);
      }
    });
    socket.on('error', (e) => this.error(`socket: ${e.message}`));
    this.timer = setInterval(() => void this.flush(), o.flushMs ?? 250);
    this.timer.unref();
  }

  /** Binds and starts receiving; rejects only when the socket cannot be bound (port in use, no such address). */
  static async start(o: SyslogReceiverOptions): Promise<SyslogReceiver> {
    await mkdir(o.dir, { recursive: true });
    const socket = createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: o.address, port: o.port, exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((e: NodeJS.ErrnoException) => {
      socket.close();
      const hint = e.code === 'EACCES' ? ' (ports below 1024 need root: choose a port >= 1024 and set it in CUCM)' : e.code === 'EADDRINUSE' ? ' (another syslog server listens there)' : '';
      throw new Error(`syslog receiver: cannot listen on udp ${o.address}:${o.port}: ${e.code ?? e.message}${hint}`);
    });
    // A thousand phones rebooting at once send in bursts: room for them in the kernel.
    try {
      socket.setRecvBufferSize(4 * 1024 * 1024);
    } catch {
      // Capped by net.core.rmem_max; what remains is the kernel's default, and drops are counted.
    }
    const bound = socket.address();
    return new SyslogReceiver(socket, bound.address, bound.port, o);
  }

  /** What was received so far (a copy). */
  stats(): SyslogSummary {
    return structuredClone({ ...this.summary, senders: [...this.senders.values()].map((s) => s.stats) });
  }

  /** Files written so far, by sender key. */
  files(): Map<string, SenderStats> {
    return new Map([...this.senders].map(([k, s]) => [k, { ...s.stats }]));
  }

  /** Stops receiving, writes what is pending and the summary. Safe to call twice. */
  stop(): Promise<SyslogSummary> {
    this.stopped ??= (async () => {
      const kernelDrops = await udpDrops(this.address, this.port);
      clearInterval(this.timer);
      await new Promise<void>((r) => this.socket.close(() => r()));
      await this.flush();
      await this.flushing;
      const summary = this.stats();
      summary.stoppedAt = new Date().toISOString();
      if (kernelDrops !== undefined) summary.kernelDrops = kernelDrops;
      await writeFile(this.summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
      return summary;
    })();
    return this.stopped;
  }

  private accept(msg: Buffer, address: string, port: number): void {
    this.summary.received++;
    const cut = msg.length > this.limits.maxMessageBytes;
    const bytes = cut ? msg.subarray(0, this.limits.maxMessageBytes) : msg;
    const parsed = parseSyslogDatagram(bytes);
    if (!parsed.ok) {
      this.summary.dropped['not-syslog']++;
      return;
    }
    const id = (this.o.identify ?? defaultIdentify)(address, parsed.frame.host);
    let sender = this.senders.get(id.key);
    if (!sender) {
      if (this.senders.size >= this.limits.maxSenders) {
        this.summary.dropped['too-many-senders']++;
        return;
      }
      const file = path.join(this.o.dir, `${safeStem(id.key)}.syslog.log`);
      const who = id.phone ? `${id.phone} (lab phone, from ${address})` : `${address}${parsed.frame.host ? ` host ${parsed.frame.host}` : ''} (not a lab phone)`;
      sender = {
        stats: { key: id.key, ...(id.phone ? { phone: id.phone } : {}), file, addresses: [], hosts: [], kept: 0, keptBytes: 0, cut: 0, dropped: 0 },
        pending: [`${EVIDENCE_MAGIC}: ${escapeText(who)}\n${EVIDENCE_COLUMNS}\n`],
      };
      this.senders.set(id.key, sender);
    }
    const s = sender.stats;
    if (!s.addresses.includes(address) && s.addresses.length < 16) s.addresses.push(address);
    const host = parsed.frame.host;
    if (host !== undefined && !s.hosts.includes(host) && s.hosts.length < 16) s.hosts.push(host);
    if (id.mismatch !== undefined) s.mismatch ??= id.mismatch;
    // The evidence folder is part of the report: no lab secret stays in it.
    const line = formatEvidenceLine({ receivedAt: new Date().toISOString(), source: `${address}:${port}`, framing: parsed.frame.framing, cut, datagram: this.o.redact(decodeForEvidence(bytes)) });
    if (s.keptBytes + line.length > this.limits.maxFileBytes) {
      s.dropped++;
      this.summary.dropped['file-full']++;
      return;
    }
    if (this.keptTotal + line.length > this.limits.maxTotalBytes) {
      s.dropped++;
      this.summary.dropped['total-full']++;
      return;
    }
    s.keptBytes += line.length;
    this.keptTotal += line.length;
    s.kept++;
    this.summary.kept++;
    if (cut) {
      s.cut++;
      this.summary.cut++;
    }
    sender.pending.push(line);
  }

  /** Appends what is pending, file by file; one flush at a time, so lines stay in arrival order. */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      for (const s of this.senders.values()) {
        if (s.pending.length === 0) continue;
        const text = s.pending.join('');
        s.pending = [];
        await appendFile(s.stats.file, text).catch((e: Error) => this.error(`write ${s.stats.file}: ${e.message}`));
      }
    });
    return this.flushing;
  }

  private error(text: string): void {
    if (this.summary.errors.length < 20) this.summary.errors.push(text);
  }
}

/** The datagram as the evidence keeps it: the same decoding as the parser (UTF-8, else Latin-1). */
function decodeForEvidence(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

export function safeStem(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
}

/** The drops column of /proc/net/udp for the socket bound to address:port (this network namespace). */
async function udpDrops(address: string, port: number): Promise<number | undefined> {
  const text = await readFile('/proc/net/udp', 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const hexAddr = address
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0'))
    .reverse()
    .join('')
    .toUpperCase();
  const local = `${hexAddr}:${port.toString(16).padStart(4, '0').toUpperCase()}`;
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1] === local) return Number(cols[cols.length - 1]);
  }
  return undefined;
}
