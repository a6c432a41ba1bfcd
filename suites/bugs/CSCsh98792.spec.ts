// CSCsh98792: CM 5.x/6.0 Bulk Administration "Update Phones" cannot set product-specific
// parameters. The defect: the BAT job reports every phone updated, yet product-specific
// parameters such as Peer Firmware Sharing stay as they were (its other fields are set). This
// suite runs BAT Update Phones through the CUCM web pages (AXL has no BAT: the AXL driver's
// bulk is its own loop of updatePhone, which cannot show the bug) on every phone of one lab
// model, setting PFS to the opposite of what the phones' config files say now, with no device
// action after the update, and asserts that the job is verified (CUCM reports no failure AND
// every phone reads back the new value with its override box set: job.unchanged empty), and
// that the phones' config files on TFTP follow.
import assert from 'node:assert/strict';
import type { BulkJobResult } from '../../drivers/cucm/index.ts';
import type { LabContext, LabPhone } from '../../harness/run/suite-kit.ts';
import { attachJson, useLab, waitForConfig } from '../../harness/run/suite-kit.ts';
import type { OnOff } from '../support/config-pfs.ts';
import { opposite } from '../support/config-pfs.ts';
import { notApplicable } from '../support/not-applicable.ts';

/** Models whose pages lack the PFS field on some CUCM releases (CSCso40251, CSCtb49726): a
 * failure there would be those bugs, not this one. */
const PAGE_BUG_MODELS = ['CP-7965G', 'CP-7975G', 'CP-7942G', 'CP-7962G'];

/** The lab model for the job: fewest phones but at least two (a job over several phones, kept short on the web pages). */
function pickModel(ctx: LabContext): { model: string; phones: LabPhone[] } | undefined {
  const byModel = new Map<string, LabPhone[]>();
  for (const p of ctx.phones.filter((x) => !PAGE_BUG_MODELS.includes(x.model))) byModel.set(p.model, [...(byModel.get(p.model) ?? []), p]);
  const groups = [...byModel].map(([model, phones]) => ({ model, phones }));
  const several = groups.filter((g) => g.phones.length >= 2).sort((a, b) => a.phones.length - b.phones.length);
  return several[0] ?? groups.sort((a, b) => b.phones.length - a.phones.length)[0];
}

describe('CSCsh98792: BAT Update Phones sets Peer Firmware Sharing', function () {
  const lab = useLab();
  let model: string;
  let phones: LabPhone[];
  let want: OnOff;
  let job: BulkJobResult;

  before(async function () {
    this.timeout(600_000);
    const ctx = lab.ctx;
    const pick = pickModel(ctx);
    if (!pick) return notApplicable(this, `the lab has no phone of a model other than ${PAGE_BUG_MODELS.join(', ')}`);
    ({ model, phones } = pick);
    const first = phones[0] as LabPhone;
    want = opposite((await ctx.tftp.phoneConfig(first.name)).peerFirmwareSharing ? 'Enabled' : 'Disabled');
    // A phone whose own setting already is the target with its box set would read back as
    // "changed" whatever the job did: give it the other value first (journaled, undone after).
    for (const p of phones) {
      const own = await ctx.cucm.getPfs({ phone: p.name });
      if (own.override === true && own.value === want) await ctx.cucm.setPfs({ phone: p.name }, opposite(want));
    }
    const web = await ctx.cucmWeb();
    job = await web.bulkUpdatePhones({ query: { model }, set: { peerFirmwareSharing: want }, after: 'none' });
    await attachJson('BAT job', job);
  });

  it('the job sets Peer Firmware Sharing on every phone it reports updated', function () {
    const r = job.reported;
    assert.ok(job.phones.length >= phones.length, `the job matched ${job.phones.length} phone(s) of ${model}, the lab has ${phones.length}`);
    assert.deepEqual(
      job.unchanged,
      [],
      `BAT Update Phones (${model}, PFS ${want}) reported "${r.status}", ${r.succeeded} of ${r.total} succeeded, ${r.failed} failed; yet ${job.unchanged.length} phone(s) do not show PFS ${want} with override set`,
    );
    assert.equal(job.verified, true, `BAT job ${job.jobId} is not verified: CUCM reported ${r.failed} failure(s) ${JSON.stringify(r.failures ?? [])}`);
  });

  it("the phones' config files on TFTP carry the new value", async function () {
    this.timeout(120_000);
    for (const p of phones) {
      await waitForConfig(lab.ctx, p.name, (c) => c.peerFirmwareSharing === (want === 'Enabled'), `PFS ${want} (BAT Update Phones)`).catch((e: Error) => {
        assert.fail(`${p.name} (${model}): after BAT Update Phones set PFS ${want}, ${e.message}`);
      });
    }
  });
});
