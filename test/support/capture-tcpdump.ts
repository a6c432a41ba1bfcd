// A live tcpdump capture for tests that need real kernel traffic: starts tcpdump, waits
// until it says it is listening, and stops it with SIGINT (so it flushes the file).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface LiveCapture {
  /** Stops tcpdump (SIGINT) and waits for it to exit; idempotent. */
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

export async function startTcpdump(file: string, iface: string, filter: string, timeoutMs = 10_000): Promise<LiveCapture> {
  // As root, tcpdump drops to its own user before opening the output file: keep root so it
  // can write into our private temp directory.
  const asRoot = process.getuid?.() === 0 ? ['-Z', 'root'] : [];
  const child = spawn('tcpdump', ['-i', iface, '-w', file, '--immediate-mode', '-U', '-n', ...asRoot, filter], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tcpdump did not start listening within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run tcpdump (run \`npm run setup\`): ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited (${code}) before listening: ${stderr}`));
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  let stopped = false;
  return {
    process: child,
    async stop() {
      if (!stopped) {
        stopped = true;
        if (child.exitCode === null) child.kill('SIGINT');
      }
      await exited;
    },
  };
}
