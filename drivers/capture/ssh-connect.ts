// An SSH connection to a capture host (ssh2), with promise wrappers for the three things
// the driver does over it: run a short command, open a long-running one, use SFTP.
import { Client } from 'ssh2';
import type { ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import type { CaptureSpec } from '../../harness/lab/schema.ts';
import { resolveSecret } from '../../harness/lab/secrets.ts';
import type { SecretContext } from '../../harness/lab/secrets.ts';
import { CaptureDriverError } from './capture-error.ts';
import { hostKeyCheck } from '../ssh/host-key-check.ts';

export type SshCaptureSpec = NonNullable<CaptureSpec['ssh']>;

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export class SshSession {
  private sftpSession: Promise<SFTPWrapper> | undefined;
  private closed = false;

  constructor(
    private readonly client: Client,
    /** user@host:port, for messages. */
    readonly label: string,
  ) {
    client.once('close', () => (this.closed = true));
  }

  /** False once the connection has gone (dropped, or ended). */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Opens a command whose output is read as it comes (tcpdump). */
  open(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel)));
    });
  }

  /** Runs a short command to its end. */
  async exec(command: string): Promise<ExecResult> {
    const channel = await this.open(command);
    let stdout = '';
    let stderr = '';
    channel.setEncoding('utf8');
    channel.stderr.setEncoding('utf8');
    channel.on('data', (d: string) => (stdout += d));
    channel.stderr.on('data', (d: string) => (stderr += d));
    return new Promise((resolve) => {
      let code: number | null = null;
      channel.once('exit', (c: number | null) => (code = c));
      channel.once('close', () => resolve({ code, stdout, stderr }));
    });
  }

  sftp(): Promise<SFTPWrapper> {
    return (this.sftpSession ??= new Promise((resolve, reject) => {
      this.client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)));
    }));
  }

  end(): void {
    this.client.end();
  }
}

/**
 * Connects with the capture's credentials: private key, else password, else the SSH agent.
 * Errors name the host and the capture; they never contain a credential. The host key is
 * checked before any credential is sent (ssh.hostKey; see drivers/ssh/host-key-check.ts).
 */
export async function connectCaptureHost(capture: string, point: string, ssh: SshCaptureSpec, secrets: SecretContext, timeoutMs: number): Promise<SshSession> {
  const label = `${ssh.user}@${ssh.host}:${ssh.port}`;
  const check = hostKeyCheck(ssh.host, ssh.port, ssh.hostKey, `capture ${capture}: host ${label}`, `captures[${capture}].ssh.hostKey`, {
    log: (line) => process.stderr.write(`${line}\n`),
    secrets,
  });
  const config: ConnectConfig = {
    host: ssh.host,
    port: ssh.port,
    username: ssh.user,
    readyTimeout: timeoutMs,
    keepaliveInterval: 10_000,
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      check.verify(key).then(verify, (e: unknown) => {
        check.refusal = `capture ${capture}: host ${label}: ${(e as Error).message}`;
        verify(false);
      });
    },
  };
  if (ssh.privateKey !== undefined) config.privateKey = await resolveSecret(ssh.privateKey, secrets);
  if (ssh.password !== undefined) config.password = await resolveSecret(ssh.password, secrets);
  if (ssh.privateKey === undefined && ssh.password === undefined) config.agent = process.env.SSH_AUTH_SOCK;
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => {
      client.end();
      const why = check.refusal ?? `cannot connect to capture host ${label}: ${e.message}`;
      reject(new CaptureDriverError(capture, point, why, { cause: e }));
    };
    client.once('ready', () => {
      client.off('error', onError);
      // Later transport errors surface as failed commands; keep them from crashing the process.
      client.on('error', () => undefined);
      resolve();
    });
    client.once('error', onError);
    client.connect(config);
  });
  return new SshSession(client, label);
}
