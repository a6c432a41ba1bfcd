// One timed scan in a fresh process (so peak RSS belongs to that scan alone):
//   node --import tsx bench/pcap/timed-scan.ts bare|read|analyze FILE
// analyze = readCapture + the whole PFS analysis (what `pfslab analyze` does, minus printing).
// Prints one JSON line: wall and CPU seconds (the scan only, not Node start-up), peak RSS, frames.
import { bareScan } from './bare-scan.ts';
import { readCapture } from '../../harness/evidence/pcap/index.ts';
import { analyzePfs } from '../../harness/pfs/analyze.ts';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'bare' && mode !== 'read' && mode !== 'analyze') || file === undefined) {
  console.error('usage: timed-scan.ts bare|read|analyze FILE');
  process.exit(2);
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
async function scan(): Promise<number> {
  if (mode === 'bare') return (await bareScan(file as string)).frames;
  const summary = await readCapture(file as string);
  if (mode === 'analyze') analyzePfs({ captures: [summary], logs: [] });
  return summary.frames;
}
const frames = await scan();
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
// CPU time of all the process's threads (the bare scan's reads run in libuv's pool): less sensitive than
// wall time to other load on the machine.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ mode, seconds, cpuSeconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, frames }));
