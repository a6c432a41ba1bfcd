// The phone's Log Server client: every line the phone writes to its console log is also sent
// by syslog (UDP) to the host its config file names in <logServer> ("host" or "host:port",
// port 514 by default; pfs-reference §5), from the phone's own address.
//
// The framing of a real 79xx is not public; the twin sends RFC 3164, the classic embedded
// form: "<PRI>Mmm dd hh:mm:ss HOSTNAME MSG" with facility local7, the severity of the line's
// level (ERR 3, WRN 4, NOT 5, INF 6, DBG 7), the device name as HOSTNAME and the console line
// itself as MSG, unchanged. The receiver keeps the raw datagram either way.
//
// The virtual lab's own choice, documented as such: lines written while the phone does not
// know its log server yet (from power-on until it has read its config file, and while it
// reboots into a new load) are held in RAM, at most MAX_HELD lines, and sent in order once
// the config file it reads names a log server; if it names none they are dropped. A power
// loss drops them with everything else in RAM.
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { isIpv4 } from '../../../harness/formats/ipv4.ts';

const MAX_HELD = 4096;
const LOCAL7 = 23;
const SEVERITY: Record<string, number> = { ERR: 3, WRN: 4, NOT: 5, INF: 6, DBG: 7 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface LogServerAddress {
  host: string;
  port: number;
}

/** "10.0.0.5" or "10.0.0.5:5514" -> address; undefined for '' (no log server); an Error text for anything else. */
export function parseLogServer(value: string): LogServerAddress | undefined | string {
  const v = value.trim();
  if (v === '') return undefined;
  const m = /^([^:\s]+)(?::(\d{1,5}))?$/.exec(v);
  const port = m?.[2] !== undefined ? Number(m[2]) : 514;
  if (!m?.[1] || !isIpv4(m[1]) || port < 1 || port > 65535) return `Log Server "${v.slice(0, 80)}" is not an IPv4 address with an optional :port`;
  return { host: m[1], port };
}

export class SyslogSender {
  private socket: Socket | undefined;
  private bound = false;
  private server: LogServerAddress | undefined;
  /** True while the phone does not know its log server: lines are held. */
  private holding = true;
  private held: string[] = [];
  private closed = false;
  /** Lines dropped because more than MAX_HELD waited. */
  droppedWhileHeld = 0;

  constructor(
    private readonly fromIp: string,
    private readonly hostName: string,
  ) {}

  /** One console line as written (with or without its newline). */
  line(text: string): void {
    if (this.closed) return;
    const line = text.replace(/\r?\n$/, '');
    // The config file named no log server: nobody to send to until the next one does.
    if (!this.holding && !this.server) return;
    if (this.holding || !this.bound) {
      if (this.held.length >= MAX_HELD) {
        this.held.shift();
        this.droppedWhileHeld++;
      }
      this.held.push(line);
      return;
    }
    this.send(line);
  }

  /** The config file was read: send to its log server (and what was held), or to nobody. */
  useServer(server: LogServerAddress | undefined): void {
    if (this.closed) return;
    this.server = server;
    this.holding = false;
    if (!server) {
      this.held = [];
      return;
    }
    if (!this.socket) this.open();
    else this.release();
  }

  /** The phone reboots: its network goes; lines are held until the next config file. */
  hold(): void {
    this.holding = true;
  }

  close(): void {
    this.closed = true;
    this.held = [];
    this.socket?.close();
    this.socket = undefined;
  }

  private open(): void {
    const s = createSocket({ type: 'udp4' });
    this.socket = s;
    // A log server that is not there (ICMP port unreachable) must not stop the phone.
    s.on('error', () => undefined);
    s.bind({ address: this.fromIp, port: 0 }, () => {
      this.bound = true;
      this.release();
    });
  }

  private release(): void {
    if (this.holding || !this.bound) return;
    const lines = this.held;
    this.held = [];
    for (const l of lines) this.send(l);
  }

  private send(line: string): void {
    if (!this.server || !this.socket) return;
    this.socket.send(Buffer.from(frame3164(line, this.hostName), 'latin1'), this.server.port, this.server.host);
  }
}

export function frame3164(line: string, hostName: string, now = new Date()): string {
  const severity = SEVERITY[line.slice(0, 3)] ?? 6;
  const p2 = (n: number) => String(n).padStart(2, '0');
  const stamp = `${MONTHS[now.getUTCMonth()]} ${String(now.getUTCDate()).padStart(2, ' ')} ${p2(now.getUTCHours())}:${p2(now.getUTCMinutes())}:${p2(now.getUTCSeconds())}`;
  return `<${LOCAL7 * 8 + severity}>${stamp} ${hostName} ${line}`;
}
