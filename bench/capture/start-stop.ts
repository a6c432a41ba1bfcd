// What a capture costs a suite in harness time: start() until tcpdump listens, and stop()
// (quiet wait for the file, SIGINT, exit, counts), on lo of this host.
//   npx tsx bench/capture/start-stop.ts [cycles]   (as root; needs tcpdump)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CaptureSchema } from '../../harness/lab/schema/captures.ts';
import { captureDriver } from '../../drivers/capture/index.ts';

const cycles = Number(process.argv[2] ?? 10);
const dir = mkdtempSync(path.join(tmpdir(), 'pfslab-bench-capture-'));
const driver = captureDriver(CaptureSchema.parse({ name: 'bench', local: { interface: 'lo' } }), { evidenceDir: dir });
const starts: number[] = [];
const stops: number[] = [];
try {
  for (let i = 0; i < cycles; i++) {
    const t0 = performance.now();
    // A filter nothing matches: the figures are the driver's, not the traffic's.
    const cap = await driver.start({ filter: 'udp port 9 and host 127.255.255.254' });
    const t1 = performance.now();
    await cap.stop();
    const t2 = performance.now();
    starts.push(t1 - t0);
    stops.push(t2 - t1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
const row = (label: string, xs: number[]): string => `${label.padEnd(6)} median ${pct(xs, 50).toFixed(0).padStart(5)} ms   p95 ${pct(xs, 95).toFixed(0).padStart(5)} ms`;
process.stdout.write(`local tcpdump on lo, ${cycles} cycles\n${row('start', starts)}\n${row('stop', stops)}\n`);
