// Points phones at a load and sets their Peer Firmware Sharing at the phone level, through
// CUCM (journaled by the driver), then checks what CUCM wrote to TFTP: the config file a
// phone reads at boot is the only thing it obeys.
import type { PhoneConfigFile } from '../../../drivers/tftp/index.ts';
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';
import { eachAtMost } from './at-most.ts';

export class ConfigNotWrittenError extends Error {
  override name = 'ConfigNotWrittenError';
}

export async function pointPhones(
  ctx: LabContext,
  phones: readonly LabPhone[],
  want: (p: LabPhone) => { load: string; pfs: 'Enabled' | 'Disabled' },
): Promise<Map<string, PhoneConfigFile>> {
  // One phone after another, this took ~2 s per phone (39 s for the default lab's 21, each
  // scenario twice with its way back to the baseline): the phones are independent, so a few
  // at a time; each phone's own changes stay in order.
  await eachAtMost(cucmChangesAtOnce(ctx), phones, async (p) => {
    const w = want(p);
    await ctx.cucm.setPfs({ phone: p.name }, w.pfs);
    if ((await ctx.cucm.getLoad(p.name)) !== w.load) await ctx.cucm.setLoad(p.name, w.load);
  });
  const read = await eachAtMost(CONFIG_READS_AT_ONCE, phones, async (p) => {
    const w = want(p);
    return [p.name, await waitForConfig(ctx, p.name, (c) => c.loadInformation === w.load && c.peerFirmwareSharing === (w.pfs === 'Enabled'), `load ${w.load}, PFS ${w.pfs}`)] as const;
  });
  return new Map(read);
}

/** As many phones at once as the driver undoes side by side (AXL: several; the web pages: one browser tab, one). */
export function cucmChangesAtOnce(ctx: LabContext): number {
  return ctx.cucm.undoConcurrency()?.atOnce ?? 1;
}

/** Config files read from TFTP at once while waiting for CUCM to write them (small files, one server). */
export const CONFIG_READS_AT_ONCE = 8;

/** CUCM writes config files shortly after a change: read until it shows what was set, or 15 s. */
export async function waitForConfig(ctx: LabContext, phone: string, ok: (c: PhoneConfigFile) => boolean, what: string): Promise<PhoneConfigFile> {
  const deadline = Date.now() + 15_000;
  let last: PhoneConfigFile | undefined;
  let error: Error | undefined;
  while (Date.now() < deadline) {
    try {
      last = await ctx.tftp.phoneConfig(phone);
      if (ok(last)) return last;
    } catch (e) {
      error = e as Error;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const seen = last ? `it says load ${last.loadInformation || '(none)'}, PFS ${last.peerFirmwareSharing ? 'on' : 'off'}` : `not readable (${error?.message ?? 'no answer'})`;
  throw new ConfigNotWrittenError(`CUCM set ${phone} to ${what}, but its config file on TFTP ${ctx.tftp.where} does not follow within 15 s: ${seen}`);
}
