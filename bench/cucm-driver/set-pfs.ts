// The CUCM driver's speed against the virtual CUCM (issue 5):
//  - AXL: Peer Firmware Sharing on 1,000 phones through bulkUpdatePhones (journaled: every
//    phone's previous value read first; read-modify-write of vendorConfig + applyPhone per
//    phone; every phone read back after). Target: at most 30 s.
//  - Web: the cost per phone of setPfs through the pages (open, select, override box, Save +
//    confirm, read back), timed over a handful of phones.
//   npx tsx bench/cucm-driver/set-pfs.ts [phones=1000] [webPhones=5]
// Client, server and browser share this machine's CPU, so the figures are a ceiling on cost.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TeardownJournal } from '../../harness/lab/journal.ts';
import { startCucm, type CucmPhoneSpec } from '../../labs/virtual/cucm/index.ts';
import { cucmDriverFor, type CucmDriver } from '../../drivers/cucm/index.ts';

const [phoneCount = 1000, webPhones = 5] = process.argv.slice(2).map(Number);
const USER = { name: 'bench', password: 'bench-password' };

function phones(n: number): CucmPhoneSpec[] {
  return Array.from({ length: n }, (_, i) => ({ name: `SEP0250F5${(0xa00000 + i).toString(16).toUpperCase()}`, model: 'CP-7961G' }));
}

async function withCucm<T>(n: number, fn: (driver: (via: 'web' | 'axl') => CucmDriver, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pfslab-bench-cucm-'));
  const cucm = await startCucm({
    address: '127.0.0.1',
    port: 0,
    users: [USER],
    phones: phones(n),
    loads: { 'CP-7961G': 'SCCP41.9-4-2SR2-2S' },
    configSink: { writeConfig: () => undefined, notify: () => undefined },
  });
  const drivers: CucmDriver[] = [];
  const make = (via: 'web' | 'axl'): CucmDriver => {
    const d = cucmDriverFor(
      { url: cucm.url, user: USER.name, password: USER.password, version: '10.5', axlUrl: new URL('axl/', cucm.url).toString(), tls: { ca: cucm.certificatePem }, timeoutMs: 60_000 },
      { via, web: { evidenceDir: path.join(dir, 'evidence') } },
    );
    drivers.push(d);
    return d;
  };
  try {
    return await fn(make, dir);
  } finally {
    for (const d of drivers) await d.close();
    await cucm.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function journaled(driver: CucmDriver, dir: string, name: string): Promise<TeardownJournal> {
  const journal = await TeardownJournal.create(path.join(dir, `${name}.jsonl`), driver.undoers());
  driver.useJournal(journal);
  return journal;
}

await withCucm(phoneCount, async (make, dir) => {
  const axl = make('axl');
  const journal = await journaled(axl, dir, 'axl');
  await axl.login();
  const t0 = performance.now();
  const result = await axl.bulkUpdatePhones({ query: { namePrefix: 'SEP' }, set: { peerFirmwareSharing: 'Enabled' } });
  const seconds = (performance.now() - t0) / 1000;
  console.log(`AXL bulk: ${result.phones.length} phones set, verified=${result.verified}, ${seconds.toFixed(2)} s (${(result.phones.length / seconds).toFixed(0)} phones/s; target <= 30 s)`);
  const u0 = performance.now();
  const failures = await journal.undoAll();
  console.log(`AXL undo: ${result.phones.length} phones restored in ${((performance.now() - u0) / 1000).toFixed(2)} s, ${failures.length} failures`);
});

await withCucm(Math.max(webPhones, 1), async (make, dir) => {
  const web = make('web');
  const journal = await journaled(web, dir, 'web');
  const l0 = performance.now();
  await web.login();
  console.log(`web: browser start + login ${((performance.now() - l0) / 1000).toFixed(2)} s`);
  const names = phones(webPhones).map((p) => p.name);
  // The first phone pays for the Find and List lookup of its key; later ones too (new names).
  const t0 = performance.now();
  for (const name of names) await web.setPfs({ phone: name }, 'Enabled');
  const perPhone = (performance.now() - t0) / names.length / 1000;
  console.log(`web: setPfs (find, open, set, Save, read back) ${perPhone.toFixed(2)} s per phone over ${names.length} phones`);
  const a0 = performance.now();
  for (const name of names) await web.applyConfig(name);
  console.log(`web: Apply Config (popup) ${((performance.now() - a0) / names.length / 1000).toFixed(2)} s per phone`);
  await journal.undoAll();
});
