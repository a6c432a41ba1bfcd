// A phone's SSH console (ssh2 client): SSH password authentication, then the phone's own
// login dialog and prompt, all given as data (ConsoleDialect). `follow(toFile)` streams the
// live console log into a file and reconnects when the session drops; ResumeFilter keeps
// every record exactly once across reconnections.
//
// 79xx phones run an old SSH server: the legacy algorithms are appended to ssh2's defaults
// (offered last, so a modern peer never picks them). Host keys are not checked by default:
// lab phones regenerate theirs; pass hostKeySha256 to pin one.
import { createHash } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HostKeyCheck } from '../ssh/host-key-check.ts';
import ssh2 from 'ssh2';
import type { Client, ClientChannel } from 'ssh2';
import type { ConsoleDialect } from './console-dialect.ts';
import { DEFAULT_DIALECT, showReceived } from './console-dialect.ts';
import { PhoneError } from './errors.ts';
import { ExpectFailure, ExpectStream, ExpectTimeout } from './expect-stream.ts';
import type { ResumeStart } from './resume-filter.ts';
import { ResumeFilter } from './resume-filter.ts';

export interface SshConsoleTarget {
  /** SEP<MAC>, for messages. */
  name: string;
  ip: string;
  port?: number;
  user: string;
  password: string;
  /** Optional host key pin (base64 SHA-256 of the key, as OpenSSH prints it without "SHA256:"). */
  hostKeySha256?: string;
  /** The lab's host key check (known_hosts, pin, first use; phoneDriversFromLab always gives one). Wins over hostKeySha256. */
  hostKeyCheck?: HostKeyCheck;
}

export interface SshConsoleOptions {
  dialect: Partial<ConsoleDialect> & Pick<ConsoleDialect, 'login' | 'prompt'>;
  /** SSH handshake and authentication, default 10000 ms. */
  readyTimeoutMs?: number;
  /** A command's output up to the next prompt, default 30000 ms. */
  commandTimeoutMs?: number;
  /**
   * SSH keepalive interval, default 5000 ms; 3 unanswered keepalives end the connection. A
   * real phone that loses power falls silent (no FIN): without keepalives a follow would
   * wait forever instead of reconnecting.
   */
  keepaliveMs?: number;
}

export interface FollowOptions {
  /** 'start' (default): the phone's whole kept log first; 'now': only records written from now on. */
  from?: ResumeStart;
  /** Wait between reconnection attempts, default 1000 ms. */
  retryMs?: number;
  onLine?: (line: string) => void;
  onEvent?: (e: FollowEvent) => void;
}

export type FollowEvent = { kind: 'connected'; attempt: number } | { kind: 'dropped'; error?: Error } | { kind: 'gap'; detail: string } | { kind: 'error'; error: Error };

export interface ConsoleFollower {
  readonly file: string;
  /** Connections made (1 + reconnections). */
  readonly connections: number;
  readonly lines: number;
  readonly gaps: string[];
  stop(): Promise<void>;
}

const LEGACY = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-rsa', 'ssh-dss'],
  cipher: ['aes128-cbc', 'aes256-cbc', '3des-cbc'],
  hmac: ['hmac-sha1', 'hmac-md5'],
};

/** A logged-in shell: send a command, read its output up to the prompt. */
export class ConsoleSession {
  /** Resolves when the SSH connection is gone (closed, reset, or keepalives unanswered). */
  readonly ended: Promise<void>;

  constructor(
    private readonly client: Client,
    readonly channel: ClientChannel,
    readonly input: ExpectStream,
    private readonly d: ConsoleDialect,
    private readonly where: string,
    private readonly commandTimeoutMs: number,
    private readonly secrets: readonly string[],
  ) {
    this.ended = new Promise((resolve) => {
      client.once('close', () => resolve());
      channel.once('close', () => resolve());
    });
  }

  async run(command: string): Promise<string> {
    this.channel.write(command + this.d.newline);
    try {
      const { before } = await this.input.expect(this.d.prompt, this.commandTimeoutMs);
      const lines = before.replace(/\r/g, '').split('\n');
      // The first line is the phone echoing the command.
      if (lines[0]?.trim().endsWith(command.trim())) lines.shift();
      return lines.join('\n');
    } catch (e) {
      if (!(e instanceof ExpectTimeout)) throw e;
      throw new PhoneError(this.where, `command "${command}"`, `${e.closed ? 'session closed before' : 'no'} prompt ${String(this.d.prompt)} within ${e.timeoutMs} ms, got ${showReceived(e.received, this.secrets)}`);
    }
  }

  close(): void {
    this.client.end();
  }
}

export class PhoneSshConsole {
  readonly dialect: ConsoleDialect;
  private readonly where: string;

  constructor(
    readonly target: SshConsoleTarget,
    private readonly o: SshConsoleOptions,
  ) {
    this.dialect = { ...DEFAULT_DIALECT, ...o.dialect };
    this.where = `${target.name} (${target.ip}:${target.port ?? 22})`;
  }

  private get secrets(): string[] {
    return [this.target.password, ...this.dialect.login.map((s) => s.secret ?? '')].filter((s) => s !== '');
  }

  /** Connects, authenticates and answers the login dialog; resolves at the prompt. */
  async open(): Promise<ConsoleSession> {
    const client = await this.connect();
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.shell({ term: 'vt100', cols: 240, rows: 24 }, (err, ch) => (err ? reject(new PhoneError(this.where, 'opening a shell', err.message)) : resolve(ch))),
      );
      const input = new ExpectStream(channel);
      await this.login(channel, input);
      return new ConsoleSession(client, channel, input, this.dialect, this.where, this.o.commandTimeoutMs ?? 30_000, this.secrets);
    } catch (e) {
      client.end();
      throw e;
    }
  }

  /** The phone's whole kept console log, as records. */
  async showLog(): Promise<string[]> {
    const s = await this.open();
    try {
      const out = await s.run(this.dialect.showLog);
      return out.split('\n').filter((l) => this.dialect.record.test(l));
    } finally {
      s.close();
    }
  }

  /**
   * Streams the console log into `toFile` (appending), reconnecting after a drop until
   * stop(). Resolves once the first connection is logged in, so a wrong dialog fails here.
   */
  async follow(toFile: string, o: FollowOptions = {}): Promise<ConsoleFollower> {
    await mkdir(dirname(toFile), { recursive: true });
    await appendFile(toFile, '');
    const gaps: string[] = [];
    let lines = 0;
    let connections = 0;
    let stopped = false;
    let current: ConsoleSession | undefined;
    let writes: Promise<void> = Promise.resolve();
    let wake: (() => void) | undefined;
    const emit = (out: string[]) => {
      if (out.length === 0) return;
      lines += out.length;
      for (const l of out) o.onLine?.(l);
      const text = out.map((l) => `${l}\n`).join('');
      writes = writes.then(() => appendFile(toFile, text, 'latin1'));
    };
    const filter = new ResumeFilter(o.from ?? 'start', (detail) => {
      gaps.push(detail);
      o.onEvent?.({ kind: 'gap', detail });
    });

    // One connection: send show-log and follow together (typed ahead, so no record falls
    // between the backlog and the live stream), then read lines until the session ends.
    const stream = (s: ConsoleSession) =>
      new Promise<void>((resolve) => {
        filter.reconnect();
        let partial = s.input.release();
        const onText = (text: string) => {
          partial += text.replace(/\r/g, '');
          let nl: number;
          while ((nl = partial.indexOf('\n')) >= 0) {
            const line = partial.slice(0, nl);
            partial = partial.slice(nl + 1);
            if (this.dialect.record.test(line)) emit(filter.record(line));
            else if (line.includes(this.dialect.followLog)) emit(filter.backlogEnded());
          }
        };
        s.channel.on('data', (d: Buffer) => onText(d.toString('latin1')));
        void s.ended.then(() => {
          emit(filter.flush());
          resolve();
        });
        s.channel.write(`${this.dialect.showLog}${this.dialect.newline}${this.dialect.followLog}${this.dialect.newline}`);
        onText('');
      });

    const first = await this.open();
    connections = 1;
    current = first;
    o.onEvent?.({ kind: 'connected', attempt: 1 });
    const loop = (async () => {
      let s: ConsoleSession | undefined = first;
      while (!stopped) {
        if (s) {
          await stream(s);
          s.close();
          current = undefined;
          if (stopped) break;
          o.onEvent?.({ kind: 'dropped' });
        }
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, o.retryMs ?? 1000).unref();
        });
        if (stopped) break;
        try {
          s = await this.open();
          if (stopped) {
            s.close();
            break;
          }
          connections++;
          current = s;
          o.onEvent?.({ kind: 'connected', attempt: connections });
        } catch (e) {
          s = undefined;
          o.onEvent?.({ kind: 'error', error: e as Error });
        }
      }
    })();

    return {
      file: toFile,
      get connections() {
        return connections;
      },
      get lines() {
        return lines;
      },
      gaps,
      stop: async () => {
        stopped = true;
        wake?.();
        if (current) {
          current.channel.write(this.dialect.interrupt);
          current.close();
        }
        await loop;
        await writes;
      },
    };
  }

  private connect(): Promise<Client> {
    const t = this.target;
    return new Promise((resolve, reject) => {
      const client = new ssh2.Client();
      let settled = false;
      client.on('ready', () => {
        settled = true;
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string }) => {
        if (settled) return;
        settled = true;
        const step = err.level === 'client-authentication' ? `SSH authentication as ${t.user}` : 'SSH connection';
        const refusal = t.hostKeyCheck?.refusal;
        reject(new PhoneError(this.where, step, refusal ?? (err.level === 'client-authentication' ? 'password refused' : err.message)));
      });
      client.on('close', () => {
        if (settled) return;
        settled = true;
        reject(new PhoneError(this.where, 'SSH connection', 'closed before authentication completed'));
      });
      client.connect({
        host: t.ip,
        port: t.port ?? 22,
        username: t.user,
        password: t.password,
        readyTimeout: this.o.readyTimeoutMs ?? 10_000,
        keepaliveInterval: this.o.keepaliveMs ?? 5000,
        keepaliveCountMax: 3,
        tryKeyboard: false,
        algorithms: {
          kex: { append: LEGACY.kex, prepend: [], remove: [] },
          serverHostKey: { append: LEGACY.serverHostKey, prepend: [], remove: [] },
          cipher: { append: LEGACY.cipher, prepend: [], remove: [] },
          hmac: { append: LEGACY.hmac, prepend: [], remove: [] },
        } as ssh2.Algorithms,
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          if (t.hostKeyCheck === undefined) {
            verify(t.hostKeySha256 === undefined || createHash('sha256').update(key).digest('base64').replace(/=+$/, '') === t.hostKeySha256.replace(/=+$/, ''));
            return;
          }
          const check = t.hostKeyCheck;
          check.verify(key).then(verify, (e: unknown) => {
            check.refusal = (e as Error).message;
            verify(false);
          });
        },
      });
    });
  }

  private async login(channel: ClientChannel, input: ExpectStream): Promise<void> {
    const failure = this.dialect.failure;
    for (const [i, step] of this.dialect.login.entries()) {
      const timeoutMs = step.timeoutMs ?? 10_000;
      try {
        await input.expect(step.expect, timeoutMs, i === 0 ? undefined : failure);
      } catch (e) {
        if (e instanceof ExpectFailure) throw this.refused(i, e);
        if (!(e instanceof ExpectTimeout)) throw e;
        throw new PhoneError(this.where, `login dialog step ${i + 1}`, `expected ${String(step.expect)} within ${timeoutMs} ms${e.closed ? ' (session closed)' : ''}, got ${showReceived(e.received, this.secrets)}`);
      }
      channel.write(`${step.secret ?? step.send ?? ''}${this.dialect.newline}`);
    }
    const n = this.dialect.login.length + 1;
    const timeoutMs = this.dialect.login.at(-1)?.timeoutMs ?? 10_000;
    try {
      await input.expect(this.dialect.prompt, timeoutMs, failure);
    } catch (e) {
      if (e instanceof ExpectFailure) throw this.refused(n - 1, e);
      if (!(e instanceof ExpectTimeout)) throw e;
      throw new PhoneError(this.where, `login dialog step ${n} (prompt)`, `expected ${String(this.dialect.prompt)} within ${timeoutMs} ms${e.closed ? ' (session closed)' : ''}, got ${showReceived(e.received, this.secrets)}`);
    }
  }

  /** The answer of step `answered` (1-based) was refused: name that step, show what came. */
  private refused(answered: number, e: ExpectFailure): PhoneError {
    return new PhoneError(this.where, `login dialog step ${answered}`, `the phone refused the answer (${String(e.pattern)}), got ${showReceived(e.received, this.secrets)}`);
  }
}
