// The baseline load in the virtual lab, on loopback: the TFTP server serves the baseline's
// manifest and components (the term<NN>.default.loads copies stay the target's), phones boot
// on the baseline and upgrade to the target, and a phone pointed back at its baseline
// through CUCM (AXL: Phone Load Name, then Reset) goes back to it, by PFS.
import assert from 'node:assert/strict';
import type { TeardownJournal } from '../../../harness/lab/journal.ts';
import { tftpGet } from '../../../drivers/tftp/tftp-client.ts';
import { cucmDriverFor, type CucmDriver } from '../../../drivers/cucm/index.ts';
import { startCucm, type Cucm } from '../../../labs/virtual/cucm/index.ts';
import { readVirtualLabManifest } from '../../../labs/virtual/tftp/index.ts';
import { journalFor, tempDir, type TempJournal } from '../../drivers/cucm/support/virtual-cucm.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';

// Addresses of their own (127.78.x), apart from the other loopback tests' 127.77.x.
const TFTP_IP = '127.78.0.11';
const PREFIX = '127.78.1';
const MODEL = 'CP-7961G';
const USER = 'pfslab-admin';
const PASSWORD = 'Baseline-Test-Secret-3';

describe('virtual lab: baseline load (serve, boot, upgrade, downgrade through CUCM)', function () {
  this.timeout(120_000);
  let lab: MiniLab;
  let cucm: Cucm;
  let driver: CucmDriver;
  let tmp: TempJournal;
  let journal: TeardownJournal;
  let target: string;
  let baseline: string;

  before(async () => {
    lab = await startMiniLab({ phones: [{ model: MODEL }, { model: MODEL }, { model: MODEL }], subnetPrefix: PREFIX, tftpIp: TFTP_IP });
    target = lab.target.get(MODEL) ?? '';
    baseline = lab.baseline.get(MODEL) ?? '';
    // CUCM writes the phones' config files onto the TFTP server and power-cycles a phone it
    // resets, as the lab bus does.
    cucm = await startCucm({
      address: '127.0.0.1',
      port: 0,
      users: [{ name: USER, password: PASSWORD }],
      phones: lab.phones.map((p) => ({ name: p.name, model: p.spec.model, ip: p.spec.ip })),
      loads: Object.fromEntries(lab.target),
      configSink: {
        writeConfig: (name, xml) => lab.files.put(name, xml),
        notify: (name, action) => {
          const phone = lab.phones.find((p) => p.name === name);
          if (!phone || action === 'apply') return;
          phone.powerOff();
          phone.powerOn();
        },
      },
    });
    driver = cucmDriverFor(
      { url: cucm.url, user: USER, password: PASSWORD, version: '10.5', axlUrl: new URL('axl/', cucm.url).toString(), tls: { ca: cucm.certificatePem }, timeoutMs: 20_000 },
      { via: 'axl' },
    );
    tmp = await tempDir('baseline-downgrade');
    journal = await journalFor(driver, tmp.file);
    await driver.setPfs('enterprise', 'Enabled');
  });

  after(async () => {
    await journal?.undoAll();
    await driver?.close();
    await cucm?.close();
    await lab?.close();
    await tmp?.remove();
  });

  it('serves the baseline manifest and components; term61.default.loads stays the target', async () => {
    assert.match(baseline, /^SCCP41\.9-3-1/);
    assert.notEqual(baseline, target);
    const get = async (file: string): Promise<Buffer> => (await tftpGet({ server: TFTP_IP, file, blockSize: 1428 })).content;
    const manifest = readVirtualLabManifest(await get(`${baseline}.loads`), `${baseline}.loads`);
    assert.equal(manifest.manifest.loadId, baseline);
    const published = lab.loads.find((l) => l.id === baseline);
    assert.deepEqual(published?.defaultManifestNames, []);
    assert.deepEqual(
      manifest.files.map((f) => [f.name, f.size]),
      (lab.facts.baselineInventory?.get(MODEL)?.files ?? []).map((f) => [f.name, f.size]),
    );
    for (const f of manifest.files) assert.equal((await get(f.name)).length, f.size, f.name);
    const defaults = await get('term61.default.loads');
    assert.equal(readVirtualLabManifest(defaults, 'term61.default.loads').manifest.loadId, target);
  });

  it('boots phones on the baseline and upgrades them to the target', async () => {
    for (const p of lab.phones) assert.equal(p.flash.runningLoad, baseline);
    lab.powerOnAll();
    await lab.waitAllRunningNewLoad(90_000);
    for (const p of lab.phones) assert.match(p.flash.log.all(), new RegExp(`Upgrade ${baseline} -> ${target} \\(PFS on\\)`));
  });

  it('goes back to the baseline when CUCM names it as the Phone Load Name and resets the phones', async () => {
    const fetchedBefore = lab.tftp.transfers().length;
    for (const p of lab.phones) {
      await driver.setLoad(p.name, baseline);
      assert.equal(await driver.getLoad(p.name), baseline);
    }
    for (const p of lab.phones) await driver.reset(p.name);
    await waitUntil(() => lab.phones.every((p) => p.state === 'running' && p.flash.runningLoad === baseline), 90_000, () =>
      lab.phones.map((p) => `${p.name} ${p.state} ${p.flash.runningLoad}`).join('; '),
    );
    const files = (lab.facts.baselineInventory?.get(MODEL)?.files ?? []).map((f) => f.name);
    for (const p of lab.phones) {
      assert.match(p.flash.log.all(), new RegExp(`Upgrade ${target} -> ${baseline} \\(PFS on\\)`));
      assert.deepEqual([...p.origins.keys()], files, `${p.name} got every baseline component`);
    }
    // One phone fetched each component from TFTP; the others got it through PFS.
    const pfs = lab.phones.flatMap((p) => [...p.origins.values()]).filter((o) => o === 'pfs').length;
    assert.equal(pfs, files.length * (lab.phones.length - 1));
    const requested = lab.tftp.transfers().slice(fetchedBefore).map((t) => t.file);
    assert.ok(requested.includes(`${baseline}.loads`), `the baseline manifest was fetched: ${requested.join(', ')}`);
  });
});

async function waitUntil(done: () => boolean, timeoutMs: number, state: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${state()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
