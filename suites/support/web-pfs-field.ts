// The checks CSCso40251 (7965/7975) and CSCtb49726 (7942/7962) share: the CUCM web Phone
// Configuration page of each lab phone of the bug's models shows "Peer Firmware Sharing" in
// its Product Specific Configuration Layout, and a value saved there is kept and reaches the
// phone's config file. Through the web pages on purpose: AXL and the config file still carry
// the setting when the field is missing from the page, so only the page can show the bug.
import assert from 'node:assert/strict';
import type { CucmDriver, PfsSetting } from '../../drivers/cucm/index.ts';
import type { LabPhone, SuiteLab } from '../../harness/run/suite-kit.ts';
import { attachJson, phonesOfModels, waitForConfig } from '../../harness/run/suite-kit.ts';
import { asDefect } from './as-defect.ts';
import type { OnOff } from './config-pfs.ts';
import { notApplicable } from './not-applicable.ts';

/** Registers the suite's hooks and tests; call inside describe(), after useLab(). */
export function webPfsFieldTests(lab: SuiteLab, models: readonly string[]): void {
  let phones: LabPhone[] = [];
  let web: CucmDriver;
  const shown = new Map<string, PfsSetting>();

  before(async function () {
    phones = phonesOfModels(lab.ctx, models);
    if (phones.length === 0) await notApplicable(this, `the lab has no phone of model ${models.join(' or ')}`);
    this.timeout(300_000);
    web = await lab.ctx.cucmWeb();
  });

  it(`shows Peer Firmware Sharing on the Phone Configuration page of every ${models.join('/')}`, async function () {
    const missing: string[] = [];
    for (const p of phones) {
      try {
        shown.set(p.name, await asDefect(`${p.name} (${p.model})`, () => web.getPfs({ phone: p.name })));
      } catch (e) {
        if (!(e instanceof assert.AssertionError)) throw e;
        missing.push(e.message);
      }
    }
    await attachJson('Peer Firmware Sharing as the web pages show it', Object.fromEntries(shown));
    assert.deepEqual(missing, [], `the CUCM web Phone Configuration page lacks the Peer Firmware Sharing field for ${missing.length} of ${phones.length} phone(s)`);
    for (const [name, s] of shown) assert.match(s.value, /^(Enabled|Disabled)$/, `${name}: the Peer Firmware Sharing field shows "${s.value}", neither Enabled nor Disabled`);
  });

  it('keeps a Peer Firmware Sharing value saved on that page, and writes it to the config file', async function () {
    this.timeout(300_000);
    for (const p of phones) {
      const current = await asDefect(`${p.name} (${p.model}): no Peer Firmware Sharing field to read`, () => web.getPfs({ phone: p.name }));
      // The opposite of what the page shows, so that a page that keeps nothing cannot pass.
      const want: OnOff = current.value === 'Enabled' ? 'Disabled' : 'Enabled';
      // setPfs journals the old value, saves the page, and reads the page back (CucmVerifyError if not kept).
      await asDefect(`${p.name} (${p.model}): setting Peer Firmware Sharing ${want} on the web page`, () => web.setPfs({ phone: p.name }, want));
      const after = await web.getPfs({ phone: p.name });
      assert.deepEqual(after, { value: want, override: true }, `${p.name} (${p.model}): the page shows ${JSON.stringify(after)} after saving ${want} with its override box set`);
      await waitForConfig(lab.ctx, p.name, (c) => c.peerFirmwareSharing === (want === 'Enabled'), `PFS ${want} (set on the web page)`);
    }
  });
}
