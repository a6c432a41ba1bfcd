// What a phone's config file on TFTP says about Peer Firmware Sharing, read after a change in
// CUCM. Suites that tabulate several sources need the value even when it is wrong, so a file
// that does not follow within waitForConfig's grace time is read once more, not thrown.
import { ConfigNotWrittenError } from '../../harness/run/orchestrate/set-phones.ts';
import type { LabContext } from '../../harness/run/suite-kit.ts';
import { waitForConfig } from '../../harness/run/suite-kit.ts';

export type OnOff = 'Enabled' | 'Disabled';

/** The config file's PFS once it shows `expected`, else (after the grace time) whatever it shows. */
export async function configPfsAfterChange(ctx: LabContext, phone: string, expected: OnOff): Promise<OnOff> {
  try {
    await waitForConfig(ctx, phone, (c) => c.peerFirmwareSharing === (expected === 'Enabled'), `PFS ${expected}`);
    return expected;
  } catch (e) {
    if (!(e instanceof ConfigNotWrittenError)) throw e;
    return (await ctx.tftp.phoneConfig(phone)).peerFirmwareSharing ? 'Enabled' : 'Disabled';
  }
}

export function opposite(v: OnOff): OnOff {
  return v === 'Enabled' ? 'Disabled' : 'Enabled';
}
