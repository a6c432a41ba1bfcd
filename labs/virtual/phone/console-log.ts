// The phone's console log as a 79xx writes it: one record per line,
// `LEVEL HH:MM:SS.micros TASK: text` (pfs-reference.md §3), kept in rotating files
// /FS/cache/log<N>.log. The files live in the phone's flash: they survive a power loss (a
// real phone keeps its logs across reboots, which is what makes them useful after a failed
// upgrade); the record being written when the power goes is complete or absent.

export type LogLevel = 'DBG' | 'NOT' | 'INF' | 'ERR' | 'WRN';

export interface LogFile {
  /** log0.log ... */
  name: string;
  text: string;
}

export class ConsoleLog {
  private readonly files: LogFile[] = [];
  private current: LogFile;
  private next = 0;
  private readonly followers = new Set<(line: string) => void>();

  constructor(
    private readonly maxFiles = 4,
    private readonly maxFileBytes = 64 * 1024,
  ) {
    this.current = this.open();
  }

  write(level: LogLevel, task: string, text: string): void {
    const line = `${level} ${clock()} ${task}: ${text}\n`;
    if (this.current.text.length + line.length > this.maxFileBytes && this.current.text.length > 0) this.current = this.open();
    this.current.text += line;
    for (const f of this.followers) f(line);
  }

  /** The files, oldest first. */
  list(): readonly LogFile[] {
    return this.files;
  }

  get(name: string): LogFile | undefined {
    return this.files.find((f) => f.name === name);
  }

  /** Every record still kept, oldest first. */
  all(): string {
    return this.files.map((f) => f.text).join('');
  }

  /** Calls `f` with each new line until the returned function is called. */
  follow(f: (line: string) => void): () => void {
    this.followers.add(f);
    return () => this.followers.delete(f);
  }

  private open(): LogFile {
    const file = { name: `log${this.next++}.log`, text: '' };
    this.files.push(file);
    while (this.files.length > this.maxFiles) this.files.shift();
    return file;
  }
}

/** Wall clock HH:MM:SS.micros (UTC), microseconds from the high-resolution clock. */
function clock(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const d = new Date(Math.floor(micros / 1000));
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(micros % 1_000_000).padStart(6, '0')}`;
}
