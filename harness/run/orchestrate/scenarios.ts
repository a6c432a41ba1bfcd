// The upgrade scenarios the suites share. A scenario runs once per run (use-lab.ts caches it
// by id) and several suites read its evidence, each asserting its own part of what PFS
// promises; that is what keeps the nightly run within its time.
import { largestGroup, pfsOffWitness } from './phone-groups.ts';
import { cutARelay } from './cut-a-relay.ts';
import type { UpgradeScenario } from './upgrade.ts';

/** Every phone of the lab upgraded at once with PFS on, except one witness with PFS off. */
export const PFS_UPGRADE: UpgradeScenario = {
  id: 'pfs-upgrade',
  title: 'PFS upgrade of the whole lab',
  phones: (ctx) => [...ctx.phones],
  pfs: (p, ctx) => (pfsOffWitness(ctx)?.name === p.name ? 'Disabled' : 'Enabled'),
};

/** The same phones upgraded the traditional way: PFS off everywhere, every file over the WAN. */
export const TRADITIONAL_UPGRADE: UpgradeScenario = {
  id: 'traditional-upgrade',
  title: 'traditional upgrade of the whole lab (PFS off)',
  phones: (ctx) => [...ctx.phones],
  pfs: () => 'Disabled',
};

/** The largest hierarchy upgraded with PFS on while the harness pulls a relay's plug mid-transfer. */
export const PARENT_POWER_LOSS: UpgradeScenario = {
  id: 'parent-power-loss',
  title: 'PFS upgrade with a parent losing power mid-transfer',
  phones: (ctx) => largestGroup(ctx).phones,
  pfs: () => 'Enabled',
  during: cutARelay,
};
