// One virtual phone per process, for the namespace mode:
//   ip netns exec <ns> node --import tsx labs/virtual/phone/phone-main.ts --spec '<PhoneSpec JSON>'
// (--spec @file.json reads the spec from a file). The process holds the phone's flash (its
// running load and console logs), so a power cycle keeps them, as on a real phone; power
// comes from the lab (its PoE switch) as lines on stdin:
//   power on | power off | status | quit
// and the phone reports on stdout, one JSON object per line:
//   {"event":"state","name":"SEP...","state":"running","load":"SCCP41.9-4-2SR2-2S"}
// SIGTERM/SIGINT: power off and exit. --power off starts unpowered (default: on).
// --net loopback runs the phone on a 127.x address without a namespace (for tests).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loopbackNetStack, namespaceNetStack } from './net-stack.ts';
import { VirtualPhone } from './phone.ts';
import type { PhoneSpec } from './spec.ts';
import { PHONE_FAULTS, macOf } from './spec.ts';

function readSpec(arg: string): PhoneSpec {
  const text = arg.startsWith('@') ? readFileSync(arg.slice(1), 'utf8') : arg;
  const spec = JSON.parse(text) as PhoneSpec;
  for (const key of ['name', 'model', 'ip', 'cidr', 'tftpServer', 'initialLoad'] as const) {
    if (typeof spec[key] !== 'string' || spec[key] === '') throw new Error(`--spec: "${key}" is required (a string)`);
  }
  macOf(spec);
  for (const f of spec.faults ?? []) if (!PHONE_FAULTS.includes(f)) throw new Error(`--spec: unknown phone fault "${f}"`);
  return spec;
}

function main(): void {
  const { values } = parseArgs({
    options: { spec: { type: 'string' }, net: { type: 'string', default: 'namespace' }, power: { type: 'string', default: 'on' } },
  });
  if (!values.spec) throw new Error('usage: phone-main.ts --spec <json|@file> [--net namespace|loopback] [--power on|off]');
  if (values.net !== 'namespace' && values.net !== 'loopback') throw new Error(`--net must be namespace or loopback, not ${values.net}`);
  const spec = readSpec(values.spec);
  const phone = new VirtualPhone(spec, values.net === 'loopback' ? loopbackNetStack() : namespaceNetStack());
  const report = () =>
    process.stdout.write(`${JSON.stringify({ event: 'state', name: phone.name, state: phone.state, load: phone.flash.runningLoad })}\n`);
  phone.on('state', report);
  const quit = () => {
    phone.powerOff();
    process.exit(0);
  };
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);
  createInterface({ input: process.stdin }).on('line', (line) => {
    const cmd = line.trim();
    if (cmd === 'power on') phone.powerOn();
    else if (cmd === 'power off') phone.powerOff();
    else if (cmd === 'status') report();
    else if (cmd === 'quit') quit();
    else if (cmd !== '') process.stdout.write(`${JSON.stringify({ event: 'error', message: `unknown command: ${cmd}` })}\n`);
  }).on('close', quit);
  if (values.power === 'on') phone.powerOn();
  else report();
}

try {
  main();
} catch (e) {
  process.stderr.write(`phone-main: ${(e as Error).message}\n`);
  process.exit(2);
}
