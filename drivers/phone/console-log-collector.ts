// Copies a phone's console log, as its web server lists it (/FS/cache/log<N>.log), into one
// local evidence file per phone, incrementally: each poll fetches what was added since the
// last one. Phones serve whole files (no byte ranges), so "incremental" means that only the
// unseen part is appended locally.
//
// Rotation. A 79xx writes log<N>.log until it is full, then starts another file and drops
// the oldest. We keep a cursor (file, bytes consumed) and on each poll:
//  1. list the files; 2. re-read the cursor's file and append its tail (a rotated file's last
//  lines were written after our previous poll: they are fetched before moving on);
//  3. read every newer file (higher N) in order.
// A file that SHRINKS under the same name was rotated in place (firmwares that reuse names);
// it is read again from its start. A cursor file that vanished before its tail was read
// means lines were lost between polls: that is recorded in `gaps`, never hidden.
// Only complete lines are consumed from the newest file: a line being written is taken at
// the next poll, so no line is ever split or written twice.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConsoleLogFileRef, PhoneWeb } from './phone-web.ts';

export interface CollectorOptions {
  /** Evidence directory; the phone's log goes to <dir>/<phone name>.console.log */
  dir: string;
  /** 'start' (default): everything the phone still holds; 'now': only what is written from now on. */
  from?: 'start' | 'now';
}

export interface CollectorGap {
  at: Date;
  detail: string;
}

export interface CollectorStats {
  polls: number;
  bytes: number;
  /** Rotations seen (a new file, or a file rotated in place). */
  rotations: number;
  gaps: CollectorGap[];
  lastError?: Error;
}

interface Cursor {
  name: string;
  index: number;
  /** Bytes of the file already written locally (always at a line boundary). */
  offset: number;
}

export class ConsoleLogCollector {
  readonly file: string;
  readonly stats: CollectorStats = { polls: 0, bytes: 0, rotations: 0, gaps: [] };
  private cursor: Cursor | undefined;
  private started = false;
  private chain: Promise<unknown> = Promise.resolve();
  private following: { stop: () => void; done: Promise<void> } | undefined;

  constructor(
    private readonly web: PhoneWeb,
    private readonly o: CollectorOptions,
  ) {
    this.file = join(o.dir, `${web.target.name}.console.log`);
  }

  /** One incremental copy; polls never overlap. Resolves with the bytes appended. */
  poll(): Promise<number> {
    const run = this.chain.then(() => this.pollOnce());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Polls every intervalMs until stop(); errors (a rebooting phone) are kept in stats.lastError and retried. */
  follow(o: { intervalMs?: number; onError?: (e: Error) => void } = {}): void {
    if (this.following) return;
    const intervalMs = o.intervalMs ?? 2000;
    let stopped = false;
    let wake: (() => void) | undefined;
    const done = (async () => {
      while (!stopped) {
        try {
          await this.poll();
        } catch (e) {
          this.stats.lastError = e as Error;
          o.onError?.(e as Error);
        }
        if (stopped) break;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, intervalMs).unref();
        });
      }
    })();
    this.following = {
      stop: () => {
        stopped = true;
        wake?.();
      },
      done,
    };
  }

  /** Ends follow(); resolves once the poll in flight (if any) has finished writing. */
  async stop(): Promise<void> {
    const f = this.following;
    this.following = undefined;
    if (f) {
      f.stop();
      await f.done;
    }
    await this.chain;
  }

  private async pollOnce(): Promise<number> {
    if (!this.started) {
      await mkdir(this.o.dir, { recursive: true });
      await writeFile(this.file, '', { flag: 'a' });
      this.started = true;
    }
    this.stats.polls++;
    const files = await this.web.consoleLogFiles();
    if (files.length === 0) return 0;
    let written = 0;
    if (!this.cursor) {
      this.cursor = await this.initialCursor(files);
      if (!this.cursor) return 0;
    }
    const cur = this.cursor;
    if (cur.index < 0) return this.pollNewer(files);
    const same = files.find((f) => f.name === cur.name);
    const newer = files.filter((f) => f.index > cur.index);
    if (same) {
      const text = await this.web.consoleLogFile(same.path);
      if (text.length < cur.offset) {
        // Same name, less content: the file was started again (rotated in place).
        this.stats.rotations++;
        this.gap(`${cur.name} shrank from ${cur.offset} to ${text.length} bytes (rotated in place); lines written to it after the previous poll may be missing`);
        cur.offset = 0;
      }
      written += await this.take(cur, text, newer.length > 0);
    } else if (newer.length > 0) {
      this.gap(`${cur.name} was dropped by the phone before its tail was read; lines written to it after the previous poll are missing`);
    } else {
      // Every file has a lower number: the phone started numbering again (logs cleared).
      this.gap(`${cur.name} is gone and no newer file is listed (${files.map((f) => f.name).join(', ')}): the phone restarted its log files`);
      this.cursor = { name: '', index: -1, offset: 0 };
      return written + (await this.pollNewer(files));
    }
    return written + (await this.pollNewer(newer));
  }

  private async pollNewer(newer: ConsoleLogFileRef[]): Promise<number> {
    let written = 0;
    for (const [i, f] of newer.entries()) {
      this.stats.rotations += this.cursor && this.cursor.index >= 0 ? 1 : 0;
      this.cursor = { name: f.name, index: f.index, offset: 0 };
      let text: string;
      try {
        text = await this.web.consoleLogFile(f.path);
      } catch (e) {
        // A file listed a moment ago may be rotated away; the next poll records the gap.
        if (i === newer.length - 1) throw e;
        this.gap(`${f.name} was listed but could not be read (${(e as Error).message}); its lines are missing`);
        continue;
      }
      written += await this.take(this.cursor, text, i < newer.length - 1);
    }
    return written;
  }

  /** Appends text[offset..]: up to the last newline, or everything when the file is final. */
  private async take(cur: Cursor, text: string, final: boolean): Promise<number> {
    let end = text.length;
    if (!final) end = text.lastIndexOf('\n') + 1;
    if (end <= cur.offset) return 0;
    let chunk = text.slice(cur.offset, end);
    cur.offset = end;
    // A rotated file's unfinished last line is kept, and ended so the next file starts a line.
    if (final && !chunk.endsWith('\n')) chunk += '\n';
    await appendFile(this.file, Buffer.from(chunk, 'latin1'));
    this.stats.bytes += chunk.length;
    return chunk.length;
  }

  private async initialCursor(files: ConsoleLogFileRef[]): Promise<Cursor | undefined> {
    if ((this.o.from ?? 'start') === 'start') return { name: '', index: -1, offset: 0 };
    const last = files[files.length - 1];
    if (!last) return undefined;
    const text = await this.web.consoleLogFile(last.path);
    return { name: last.name, index: last.index, offset: text.lastIndexOf('\n') + 1 };
  }

  private gap(detail: string): void {
    this.stats.gaps.push({ at: new Date(), detail });
  }
}
