// A live tcpdump capture for tests that need real kernel traffic: starts tcpdump, waits until
// it says it is listening, and stops it with SIGINT (so it flushes the file) once the file has
// stopped growing, as the capture driver does (drivers/capture/quiet-wait.ts): on SIGINT
// tcpdump exits without writing what the kernel still holds for it, and on a busy machine
// (load 20 on 2 cores) a loopback test lost the last frames of a copy that way and read it as
// a phone never reached. With a large
// kernel buffer: a loopback transfer bursts faster than tcpdump's default 2 MiB buffer drains
// (above all while other tests keep the CPUs busy), and a dropped frame would read as a cut
// copy. Reports the kernel's drop count so a test can refuse a capture that lost frames.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { waitUntilQuiet } from '../../drivers/capture/quiet-wait.ts';

export interface LiveCapture {
  /** SIGINT, wait for exit; resolves to the "dropped by kernel" count. */
  stop(): Promise<number>;
}

/** `netns`: run tcpdump inside that network namespace (ip netns exec). */
export async function startTcpdump(file: string, iface: string, filter: string, netns?: string): Promise<LiveCapture> {
  // As root, tcpdump drops to its own user before opening the output file: keep root so it
  // can write into our private temp directory.
  const asRoot = process.getuid?.() === 0 ? ['-Z', 'root'] : [];
  const args = ['-i', iface, '-w', file, '-B', '262144', '--immediate-mode', '-U', '-n', ...asRoot, filter];
  const [cmd, argv] = netns === undefined ? ['tcpdump', args] : ['ip', ['netns', 'exec', netns, 'tcpdump', ...args]];
  const child = spawn(cmd, argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tcpdump did not start listening: ${stderr}`));
    }, 10_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run tcpdump (run \`npm run setup\`): ${e.message}`));
    });
    const check = () => {
      if (!stderr.includes('listening on')) return;
      clearTimeout(timer);
      child.stderr.off('data', check);
      resolve();
    };
    child.stderr.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`tcpdump exited before listening: ${stderr}`));
    });
  });
  let stopping: Promise<number> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null) {
          // Longer than the driver's 200 ms: a test machine may be far busier than a capture host.
          await waitUntilQuiet(() => stat(file).then((st) => st.size, () => 0), { quietMs: 500, maxMs: 5000 });
          child.kill('SIGINT');
        }
        await exited;
        return Number(/(\d+) packets? dropped by kernel/.exec(stderr)?.[1] ?? 0);
      })();
      return stopping;
    },
  };
}
