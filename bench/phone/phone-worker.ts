// One bench worker: hosts a share of the bench's phones in this process (loopback mode),
// powers them on when told "go" on stdin, and reports on stdout (JSON lines) when all of
// them run their new load, with where each file came from and the process's peak RSS.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loopbackNetStack } from '../../labs/virtual/phone/net-stack.ts';
import { VirtualPhone } from '../../labs/virtual/phone/phone.ts';
import type { PhoneSpec } from '../../labs/virtual/phone/spec.ts';

const [specFile, target] = process.argv.slice(2);
if (!specFile || !target) throw new Error('usage: phone-worker.ts <specs.json> <target load>');
const specs = JSON.parse(readFileSync(specFile, 'utf8')) as PhoneSpec[];
const net = loopbackNetStack();
const contents = new Map<string, Buffer>();
const phones = specs.map((s) => new VirtualPhone(s, net, undefined, contents));
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100);
const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

let pending = phones.length;
for (const p of phones) {
  const onState = () => {
    if (p.state === 'boot-failed') say({ error: `${p.name} failed to boot` });
    if (p.state !== 'running' || p.flash.runningLoad !== target) return;
    p.off('state', onState);
    if (--pending > 0) return;
    clearInterval(sampler);
    say({
      done: true,
      peakRssBytes: peakRss,
      phones: phones.map((x) => ({ ip: x.spec.ip, origins: Object.fromEntries(x.origins), parents: Object.fromEntries(x.parents) })),
    });
  };
  p.on('state', onState);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'go') for (const p of phones) p.powerOn();
  if (line.trim() === 'quit') {
    for (const p of phones) p.powerOff();
    setTimeout(() => process.exit(0), 200);
  }
});
say({ ready: phones.length });
