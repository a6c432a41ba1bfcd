// How long an upgrade may take before the harness calls it failed: enough for the slowest
// honest case (every phone fetching every file over the WAN, the traditional way), three
// times, plus the phones' own timers (boot, one election and the root's ~10 s wait per file,
// reboot: about 200 s of a real phone's time). The estimate is printed with the deadline so
// that a miss can be judged.
import { bandwidthBitsPerSecond } from '../../lab/index.ts';
import { loadsOfModel } from '../../pfs/inventory.ts';
import type { LabContext, LabPhone } from '../fixture/lab-context.ts';

export interface DeadlineEstimate {
  ms: number;
  wanBytes: number;
  reason: string;
}

const PHONE_TIMERS_MS = 200_000;

export function upgradeDeadline(ctx: LabContext, phones: readonly LabPhone[], loadOf: (p: LabPhone) => string): DeadlineEstimate {
  const bytes = phones.reduce((sum, p) => sum + loadBytes(ctx, p.model, loadOf(p)), 0);
  const wan = ctx.lab.spec.wan;
  const bps = wan ? (bandwidthBitsPerSecond(wan.bandwidth) ?? 0) : 0;
  const wanMs = bps > 0 ? (bytes * 8 * 1000) / bps : 0;
  const scale = ctx.lab.spec.timeScale ?? 1;
  const ms = Math.round(3 * wanMs + PHONE_TIMERS_MS * scale);
  return { ms, wanBytes: bytes, reason: `${phones.length} phone(s), ${(bytes / 1048576).toFixed(1)} MiB if every phone used TFTP, WAN ${bps / 1e6} Mbit/s` };
}

function loadBytes(ctx: LabContext, model: string, load: string): number {
  const l = loadsOfModel(ctx.facts, model).find((x) => x.id === load);
  // A load the lab does not describe: about the size of a real 79xx load (pfs-reference §4).
  return l ? l.files.reduce((s, f) => s + f.size, 0) : 8 * 1048576;
}
