// One bench worker: hosts a share of the bench's phones in this process (loopback mode),
// powers them on when told "go" on stdin, and reports on stdout (JSON lines) when all of
// them run their new load, with where each file came from and the process's peak RSS.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { loopbackNetStack } from '../../labs/virtual/phone/net-stack.ts';
import { VirtualPhone } from '../../labs/virtual/phone/phone.ts';
import { SharedFiles } from '../../labs/virtual/phone/pfs/shared-files.ts';
import type { PhoneSpec } from '../../labs/virtual/phone/spec.ts';

const [specFile, target] = process.argv.slice(2);
if (!specFile || !target) throw new Error('usage: phone-worker.ts <specs.json> <target load>');
const specs = JSON.parse(readFileSync(specFile, 'utf8')) as PhoneSpec[];
const net = loopbackNetStack();
const shared = new SharedFiles();
const phones = specs.map((s) => new VirtualPhone(s, net, undefined, shared));
let peakRss = process.memoryUsage.rss();
// How late the event loop runs (every phone of the worker shares it): ms at p50, p99 and max.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
// CPU time of this process per second after "go" (user + system, in % of one core): where
// the run is busy and where it waits.
const cpuPerSecond: number[] = [];
let lastCpu = process.cpuUsage();
let ticks = 0;
let started = false;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (!started || ++ticks % 10 !== 0) return;
  const now = process.cpuUsage();
  cpuPerSecond.push(Math.round((now.user - lastCpu.user + now.system - lastCpu.system) / 10_000));
  lastCpu = now;
}, 100);
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
// What went wrong on the way, counted from the phones' console logs (the same lines a lab run
// collects): refusals, failed joins, lost parents, TFTP fallbacks, timeouts.
const TALLIED: [string, RegExp][] = [
  ['refused', /RxRefuse/],
  ['joinFailed', /Join \S+ failed/],
  ['parentLost', /Parent \S+ lost/],
  ['fallback', /TFTP fallback/],
  ['claimAgain', /claim again/],
  ['tftpError', /ERR \S+ TFTP:/],
  ['claims', /TxBdcst ClaimRoot\(tent\)/],
  ['adverts', /TxBdcst Ad /],
  ['redirects', /RxRedirect/],
  ['joins', /TxJoin/],
];
const tally = () => {
  const counts: Record<string, number> = {};
  for (const p of phones) {
    for (const line of p.flash.log.all().split('\n')) {
      for (const [name, re] of TALLIED) {
        if (!re.test(line)) continue;
        // Per file where the line names one (the xid ends in the file's index).
        const file = /XID[0-9A-F]{6}([0-9A-F]{2})/.exec(line)?.[1];
        const key = file === undefined ? name : `${name}@${Number.parseInt(file, 16)}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    }
  }
  return counts;
};

const runningAt = new Map<VirtualPhone, number>();
// When each phone began its upgrade (its config file read, the load's manifest next): where
// the power-on storm ends and the files' elections begin.
const upgradingAt = new Map<VirtualPhone, number>();
let pending = phones.length;
for (const p of phones) {
  const onState = () => {
    if (p.state === 'upgrading' && !upgradingAt.has(p)) upgradingAt.set(p, performance.timeOrigin + performance.now());
    if (p.state === 'boot-failed') say({ error: `${p.name} failed to boot` });
    if (p.state !== 'running' || p.flash.runningLoad !== target) return;
    p.off('state', onState);
    runningAt.set(p, performance.timeOrigin + performance.now());
    if (--pending > 0) return;
    clearInterval(sampler);
    // PFSLAB_BENCH_SLOWEST=<dir>: the console log of this worker's last phone to get each file and of
    // each phone that took a file from TFTP (roots, fallbacks), to read why.
    const slowDir = process.env.PFSLAB_BENCH_SLOWEST;
    if (slowDir) {
      // Made here: a write into a missing directory would throw in this state handler, and
      // the worker would never report.
      mkdirSync(slowDir, { recursive: true });
      const names = [...new Set(phones.flatMap((x) => [...x.obtainedAt.keys()]))];
      for (const [i, f] of names.entries()) {
        const last = phones.reduce((a, b) => ((b.obtainedAt.get(f) ?? 0) > (a.obtainedAt.get(f) ?? 0) ? b : a));
        writeFileSync(join(slowDir, `${process.pid}-file${i}-${last.name}.log`), last.flash.log.all());
        // Every root and the first phones that fell back to TFTP: a second root is what to read.
        for (const x of phones.filter((x) => x.origins.get(f) !== 'pfs').slice(0, 20)) {
          writeFileSync(join(slowDir, `${process.pid}-file${i}-${x.origins.get(f)}-${x.spec.ip}.log`), x.flash.log.all());
        }
      }
    }
    say({
      done: true,
      peakRssBytes: peakRss,
      tally: tally(),
      cpuPerSecond,
      loopDelayMs: [loopDelay.percentile(50), loopDelay.percentile(99), loopDelay.max].map((ns) => Math.round(ns / 1e6)),
      resources: (({ userCPUTime, systemCPUTime, minorPageFault, voluntaryContextSwitches, involuntaryContextSwitches }) => ({
        userS: Math.round(userCPUTime / 1e5) / 10,
        systemS: Math.round(systemCPUTime / 1e5) / 10,
        minorPageFault,
        voluntaryContextSwitches,
        involuntaryContextSwitches,
      }))(process.resourceUsage()),
      phones: phones.map((x) => ({
        ip: x.spec.ip,
        origins: Object.fromEntries(x.origins),
        parents: Object.fromEntries(x.parents),
        obtainedAt: Object.fromEntries(x.obtainedAt),
        runningAt: runningAt.get(x) ?? 0,
        upgradingAt: upgradingAt.get(x) ?? 0,
      })),
    });
  };
  p.on('state', onState);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'go') {
    started = true;
    loopDelay.enable();
    lastCpu = process.cpuUsage();
    for (const p of phones) p.powerOn();
  }
  if (line.trim() === 'quit') {
    for (const p of phones) p.powerOff();
    setTimeout(() => process.exit(0), 200);
  }
});
say({ ready: phones.length });

// PFSLAB_BENCH_SLOWEST=<dir> also: when no phone of this worker has changed state for 60 s
// while some are not done (a stuck run, which the bench's caller will kill), the console logs
// of those phones, once, to read why.
if (process.env.PFSLAB_BENCH_SLOWEST) {
  const dir = process.env.PFSLAB_BENCH_SLOWEST;
  let lastChange = performance.now();
  for (const p of phones) p.on('state', () => (lastChange = performance.now()));
  const watchdog = setInterval(() => {
    if (!started || pending === 0) return;
    if (performance.now() - lastChange < 60_000) return;
    clearInterval(watchdog);
    mkdirSync(dir, { recursive: true });
    for (const p of phones) {
      if (p.state === 'running' && p.flash.runningLoad === target) continue;
      writeFileSync(join(dir, `${process.pid}-stuck-${p.name}-${p.state}.log`), p.flash.log.all());
    }
  }, 5_000);
  watchdog.unref();
}
