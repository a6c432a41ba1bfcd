// Child processes of the lease tests: a taker of a race (lease-taker.ts) and a run in
// miniature (fenced-run.ts), each a real process with its own connections to the store.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const TAKER = fileURLToPath(new URL('./lease-taker.ts', import.meta.url));
const FENCED_RUN = fileURLToPath(new URL('./fenced-run.ts', import.meta.url));

/** A process whose stdout lines can be awaited one at a time. */
export class LineChild {
  readonly lines: string[] = [];
  private waiters: ((l: string) => void)[] = [];
  private queued: string[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (l) => {
      this.lines.push(l);
      const w = this.waiters.shift();
      if (w) w(l);
      else this.queued.push(l);
    });
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  }

  next(): Promise<string> {
    const q = this.queued.shift();
    if (q !== undefined) return Promise.resolve(q);
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      void this.exited.then(() => reject(new Error(`child exited; stderr: ${this.stderr.slice(-500)}`)));
    });
  }

  /** Waits for a line that matches. */
  async until(re: RegExp): Promise<string> {
    for (;;) {
      const l = await this.next();
      if (re.test(l)) return l;
    }
  }

  send(line: string): void {
    this.proc.stdin.write(`${line}\n`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill(signal);
    await this.exited;
  }
}

const tsx = (file: string, args: string[], prefix: string[] = []): LineChild =>
  new LineChild(spawn(prefix[0] ?? process.execPath, [...prefix.slice(1), ...(prefix.length ? [process.execPath] : []), '--import', 'tsx', file, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }));

export function taker(store: { endpoints?: string[]; dir?: string }, lab: string): LineChild {
  return tsx(TAKER, [JSON.stringify(store), lab]);
}

export interface FencedRunArgs {
  endpoints?: string[];
  dir?: string;
  lab: string;
  ttlMs: number;
  events: string;
  journal: string;
  steps: number;
  stepMs: number;
  wait?: boolean;
}

/** `prefix`: a command to run it under, e.g. ['ip', 'netns', 'exec', NS]. */
export function fencedRun(args: FencedRunArgs, prefix: string[] = []): LineChild {
  return tsx(FENCED_RUN, [JSON.stringify(args)], prefix);
}
