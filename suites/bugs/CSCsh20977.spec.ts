// CSCsh20977: Peer Firmware Sharing added as a product-specific feature, enterprise-wide. The
// defect it guards against: the Enterprise Phone Configuration has no Peer Firmware Sharing
// parameter (not on the page, not over AXL, ignored when CUCM works out a phone's value), so a
// phone that overrides nothing gets the built-in default whatever the enterprise wants. This
// suite clears the override boxes of one phone and of its Common Phone Profile, then sets
// Enterprise PFS to Enabled and then to Disabled, and asserts each time that the Enterprise
// level reads the value back, that CUCM's effective value for the phone is that value, taken
// from the enterprise level, and that the phone's config file on TFTP carries it.
import assert from 'node:assert/strict';
import type { LabPhone } from '../../harness/run/suite-kit.ts';
import { useLab, waitForConfig } from '../../harness/run/suite-kit.ts';
import { asDefect } from '../support/as-defect.ts';
import type { OnOff } from '../support/config-pfs.ts';
import { notApplicable } from '../support/not-applicable.ts';

describe('CSCsh20977: Peer Firmware Sharing at the Enterprise level', function () {
  const lab = useLab();
  let phone: LabPhone;

  before(async function () {
    const first = lab.ctx.phones[0];
    if (!first) return notApplicable(this, 'the lab has no phone');
    phone = first;
    const profile = (await lab.ctx.cucm.findPhone(phone.name)).commonPhoneProfile;
    // Only the enterprise level may speak: both boxes above it clear (the value is then unused).
    await lab.ctx.cucm.setPfs({ phone: phone.name }, 'Disabled', { override: false });
    if (profile !== undefined) await lab.ctx.cucm.setPfs({ commonPhoneProfile: profile }, 'Disabled', { override: false });
  });

  it('the Enterprise Phone Configuration has a Peer Firmware Sharing parameter', async function () {
    const s = await asDefect('Enterprise Phone Configuration', () => lab.ctx.cucm.getPfs('enterprise'));
    assert.match(s.value, /^(Enabled|Disabled)$/, `Enterprise Phone Configuration: Peer Firmware Sharing shows "${s.value}"`);
  });

  for (const value of ['Enabled', 'Disabled'] as const satisfies readonly OnOff[]) {
    it(`Enterprise PFS ${value} is what a phone without overrides gets, in CUCM and in its config file`, async function () {
      const where = `Enterprise PFS ${value}, ${phone.name} and its profile without override`;
      // setPfs reads the Enterprise level back itself (CucmVerifyError when CUCM drops the value).
      await asDefect(`setting ${where}`, () => lab.ctx.cucm.setPfs('enterprise', value));
      const readBack = await asDefect('reading the Enterprise level back', () => lab.ctx.cucm.getPfs('enterprise'));
      assert.equal(readBack.value, value, `${where}: the Enterprise level reads back ${readBack.value}`);
      const effective = await lab.ctx.cucm.getEffectivePfs(phone.name);
      assert.deepEqual(effective, { value, source: 'enterprise' }, `${where}: CUCM gives the phone ${effective.value} from the ${effective.source} level`);
      await waitForConfig(lab.ctx, phone.name, (c) => c.peerFirmwareSharing === (value === 'Enabled'), `PFS ${value} (from the Enterprise level)`);
    });
  }
});
