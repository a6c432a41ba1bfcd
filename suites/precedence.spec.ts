// Where a phone's Peer Firmware Sharing comes from (pfs-reference §2.8): the phone's own
// setting, then its Common Phone Profile, then the Enterprise Phone Configuration; a lower
// level wins only where every higher level's override box is clear. All 8 combinations of
// (phone override set/clear) x (profile override set/clear) x (enterprise Enabled/Disabled),
// with each active level holding the opposite of the level below it, so that the winner is
// visible in every combination. Three witnesses each: CUCM's effective value, the phone's
// config file on TFTP, and what the phone shows on NetworkConfigurationX after a reboot.
// Two phones of one model and one profile take the two phone variants at once, so the 8
// combinations cost 4 reboot rounds.
import assert from 'node:assert/strict';
import type { EffectivePfs } from '../drivers/cucm/index.ts';
import type { LabContext, LabPhone } from '../harness/run/suite-kit.ts';
import { attachJson, attachText, rebootPhones, useLab } from '../harness/run/suite-kit.ts';
import type { OnOff } from './support/config-pfs.ts';
import { configPfsAfterChange, opposite } from './support/config-pfs.ts';
import { networkPageWhenUp } from './support/phone-pages.ts';

interface Combination {
  phoneOverride: boolean;
  profileOverride: boolean;
  enterprise: OnOff;
  /** The value of the level that should win, and which level that is. */
  expected: OnOff;
  source: EffectivePfs['source'];
}

/** What the three witnesses showed for one combination. */
interface Row {
  combination: string;
  phone: string;
  expected: string;
  cucm: string;
  configFile: string;
  phonePage: string;
}

const ROUNDS: readonly { profileOverride: boolean; enterprise: OnOff }[] = [
  { profileOverride: true, enterprise: 'Enabled' },
  { profileOverride: true, enterprise: 'Disabled' },
  { profileOverride: false, enterprise: 'Enabled' },
  { profileOverride: false, enterprise: 'Disabled' },
];

/** The value the levels below the phone hand down: the profile's where it overrides, else the enterprise's. */
function belowPhone(r: { profileOverride: boolean; enterprise: OnOff }): OnOff {
  return r.profileOverride ? opposite(r.enterprise) : r.enterprise;
}

const COMBINATIONS: readonly Combination[] = ROUNDS.flatMap((r) =>
  [true, false].map((phoneOverride): Combination => ({
    phoneOverride,
    ...r,
    expected: phoneOverride ? opposite(belowPhone(r)) : belowPhone(r),
    source: phoneOverride ? 'phone' : r.profileOverride ? 'commonPhoneProfile' : 'enterprise',
  })),
);

function titleOf(c: Combination): string {
  const box = (b: boolean): string => (b ? 'set' : 'clear');
  return `phone override ${box(c.phoneOverride)}, profile override ${box(c.profileOverride)}, enterprise ${c.enterprise}`;
}

/** Two phones of one model, with a PoE port, a web console and the same Common Phone Profile (largest model first). */
async function pickPair(ctx: LabContext): Promise<{ phones: [LabPhone, LabPhone]; profile: string }> {
  const eligible = ctx.phones.filter((p) => p.spec.port !== undefined && p.web !== undefined);
  const byModel = new Map<string, LabPhone[]>();
  for (const p of eligible) byModel.set(p.model, [...(byModel.get(p.model) ?? []), p]);
  for (const group of [...byModel.values()].sort((a, b) => b.length - a.length)) {
    const byProfile = new Map<string, LabPhone[]>();
    for (const p of group) {
      const profile = (await ctx.cucm.findPhone(p.name)).commonPhoneProfile;
      if (profile === undefined) continue;
      const same = [...(byProfile.get(profile) ?? []), p];
      if (same.length === 2) return { phones: [same[0] as LabPhone, p], profile };
      byProfile.set(profile, same);
    }
  }
  throw new Error(`${ctx.lab.file}: no two phones of one model with a PoE port, a web console and the same Common Phone Profile`);
}

describe('PFS precedence: phone > Common Phone Profile > Enterprise', function () {
  const lab = useLab();
  const rows = new Map<string, Row>();

  before(async function () {
    this.timeout(900_000);
    const ctx = lab.ctx;
    const { phones, profile } = await pickPair(ctx);
    const [overriding, inheriting] = phones;
    ctx.log(`precedence: ${overriding.name} takes "phone override set", ${inheriting.name} "clear"; both use "${profile}"`);
    for (const round of ROUNDS) {
      const below = belowPhone(round);
      // Each level is given the opposite of the one below it, also where its box is clear
      // (AXL then keeps no value; the web page keeps it behind the box): a box that CUCM
      // ignores shows up as the wrong value.
      await ctx.cucm.setPfs('enterprise', round.enterprise);
      await ctx.cucm.setPfs({ commonPhoneProfile: profile }, opposite(round.enterprise), { override: round.profileOverride });
      await ctx.cucm.setPfs({ phone: overriding.name }, opposite(below), { override: true });
      await ctx.cucm.setPfs({ phone: inheriting.name }, opposite(below), { override: false });
      const cases = COMBINATIONS.filter((c) => c.profileOverride === round.profileOverride && c.enterprise === round.enterprise);
      const phoneOf = (c: Combination): LabPhone => (c.phoneOverride ? overriding : inheriting);
      // CUCM one phone after the other (see support/axl-wake.ts: parallel AXL calls leave
      // idle sockets behind); the config files in parallel.
      const cucmSays = new Map<Combination, EffectivePfs>();
      for (const c of cases) cucmSays.set(c, await ctx.cucm.getEffectivePfs(phoneOf(c).name));
      // The phone reads its file at boot: wait until CUCM has written it before the reboot.
      const files = await Promise.all(cases.map((c) => configPfsAfterChange(ctx, phoneOf(c).name, c.expected)));
      const seen = cases.map((c, i) => ({ c, cucm: cucmSays.get(c) as EffectivePfs, configFile: files[i] as OnOff }));
      await rebootPhones(ctx, cases.map(phoneOf));
      for (const { c, cucm, configFile } of seen) {
        const phone = phoneOf(c);
        let phonePage: string;
        try {
          const page = await networkPageWhenUp(phone);
          phonePage = page.peerFirmwareSharing === undefined ? '(no PFS entry)' : page.peerFirmwareSharing ? 'Enabled' : 'Disabled';
        } catch (e) {
          phonePage = `(${e instanceof Error ? e.message : String(e)})`;
        }
        rows.set(titleOf(c), {
          combination: titleOf(c),
          phone: phone.name,
          expected: `${c.expected} (${c.source})`,
          cucm: `${cucm.value} (${cucm.source})`,
          configFile,
          phonePage,
        });
      }
    }
    const table = [...rows.values()];
    const lines = [
      '| combination | phone | expected | CUCM | config file | phone page |',
      '|---|---|---|---|---|---|',
      ...table.map((r) => `| ${r.combination} | ${r.phone} | ${r.expected} | ${r.cucm} | ${r.configFile} | ${r.phonePage} |`),
    ];
    for (const l of lines) ctx.log(l);
    await attachText('precedence table', `${lines.join('\n')}\n`, 'text/markdown');
    await attachJson('precedence table (json)', table);
  });

  for (const c of COMBINATIONS) {
    it(`${titleOf(c)}: ${c.expected} from the ${c.source} level`, function () {
      const r = rows.get(titleOf(c));
      assert.ok(r, `${titleOf(c)}: not observed`);
      assert.deepEqual(
        { cucm: r.cucm, configFile: r.configFile, phonePage: r.phonePage },
        { cucm: r.expected, configFile: c.expected, phonePage: c.expected },
        `${r.phone} with ${titleOf(c)} should get PFS ${c.expected} from the ${c.source} level; CUCM says ${r.cucm}, the config file ${r.configFile}, the phone's NetworkConfigurationX ${r.phonePage}`,
      );
    });
  }
});
