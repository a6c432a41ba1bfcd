// Watches tcpdump's SSH channel: its stderr (for "listening on" and the counts at exit)
// and its end.
import type { ClientChannel } from 'ssh2';
import { saysListening } from './tcpdump-stderr.ts';

export interface ChannelWatch {
  stderr(): string;
  ended(): boolean;
  /** The exit code once the channel closes (null: none reported, e.g. killed). */
  exit: Promise<number | null>;
  listening(timeoutMs: number): Promise<'listening' | 'exited' | 'timeout'>;
}

export function watchChannel(channel: ClientChannel): ChannelWatch {
  let stderr = '';
  let code: number | null = null;
  let closed = false;
  channel.stderr.setEncoding('utf8');
  channel.stderr.on('data', (d: string) => (stderr += d));
  channel.on('data', () => undefined);
  channel.once('exit', (c: number | null) => (code = c));
  const exit = new Promise<number | null>((resolve) =>
    channel.once('close', () => {
      closed = true;
      resolve(code);
    }),
  );
  return {
    stderr: () => stderr,
    ended: () => closed,
    exit,
    listening: (timeoutMs) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), timeoutMs);
        const onData = (): void => {
          if (saysListening(stderr)) {
            clearTimeout(timer);
            channel.stderr.off('data', onData);
            resolve('listening');
          }
        };
        channel.stderr.on('data', onData);
        void exit.then(() => {
          clearTimeout(timer);
          resolve(saysListening(stderr) ? 'listening' : 'exited');
        });
      }),
  };
}
