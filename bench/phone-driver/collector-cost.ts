// What collecting console logs costs the harness: N virtual phones with full logs (4 files
// of 64 KiB, the 79xx default in the virtual lab), a ConsoleLogCollector per phone, and the
// SSH console's login + show log.
//
//   npx tsx bench/phone-driver/collector-cost.ts [phones=24] [rounds=10]
//
// Reports: the first poll (whole log, per phone), an idle poll (list + current file again:
// phones serve no byte ranges, so this is the steady cost of following), a poll with one
// rotation per phone, each as wall ms and harness CPU ms per phone, and the SSH show-log time.
// Not a test: nothing is asserted.
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogCollector, PhoneSshConsole, PhoneWeb } from '../../drivers/phone/index.ts';
import { CONSOLE_LOGIN, SSH_PASSWORD, SSH_USER, startPhoneLab } from '../../test/drivers/phone/support/phone-lab.ts';

const phones = Number(process.argv[2] ?? 24);
const rounds = Number(process.argv[3] ?? 10);

async function timed(label: string, perPhone: number, f: () => Promise<unknown>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // The phones run in this process too: CPU includes their web servers (an upper bound).
  console.log(`${label.padEnd(44)} wall ${(wall / perPhone).toFixed(2).padStart(7)} ms/phone   CPU ${((cpu.user + cpu.system) / 1000 / perPhone).toFixed(2).padStart(7)} ms/phone`);
}

const lab = await startPhoneLab(
  Array.from({ length: phones }, (_, i) => ({ host: 10 + i })),
  { tftpIp: '127.79.0.41', prefix: '127.79.3' },
);
const dir = await mkdtemp(join(tmpdir(), 'pfslab-bench-collector-'));
try {
  for (const p of lab.phones) for (let i = 0; i < 4 * 64 * 1024 / 60; i++) p.log('DBG', 'Bench', `filler line ${i} ${'z'.repeat(30)}`);
  const collectors = lab.phones.map((p) => new ConsoleLogCollector(new PhoneWeb({ name: p.name, ip: p.spec.ip }), { dir }));
  console.log(`${phones} phones, load average ${loadavg()[0]?.toFixed(1)} on this machine`);
  await timed('first poll (whole log, ~256 KiB)', phones, () => Promise.all(collectors.map((c) => c.poll())));
  await timed(`idle poll (x${rounds})`, phones * rounds, async () => {
    for (let r = 0; r < rounds; r++) await Promise.all(collectors.map((c) => c.poll()));
  });
  await timed(`poll after one rotation (x${rounds})`, phones * rounds, async () => {
    for (let r = 0; r < rounds; r++) {
      for (const p of lab.phones) for (let i = 0; i < 64 * 1024 / 60; i++) p.log('DBG', 'Bench', `more ${r} ${i} ${'w'.repeat(30)}`);
      await Promise.all(collectors.map((c) => c.poll()));
    }
  });
  const gaps = collectors.reduce((n, c) => n + c.stats.gaps.length, 0);
  console.log(`gaps: ${gaps}`);
  const ssh = lab.phones.slice(0, 4).map(
    (p) => new PhoneSshConsole({ name: p.name, ip: p.spec.ip, user: SSH_USER, password: SSH_PASSWORD }, { dialect: { login: CONSOLE_LOGIN.map((s) => ({ expect: new RegExp(s.prompt.trim()), ...(s.secret ? { secret: s.answer } : { send: s.answer }) })), prompt: /\$ $/ } }),
  );
  await timed('SSH connect + login + show log (4 phones, serial)', 4, async () => {
    for (const s of ssh) await s.showLog();
  });
} finally {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
}
