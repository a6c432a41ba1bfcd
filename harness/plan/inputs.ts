// What `pfslab plan` plans for: the phone groups (model x subnet, each with its load's real
// file sizes) and the WAN, from a lab description or from --phones/--model/--wan-*. Every
// way the input cannot be planned for is a PlanInputError naming the option or field.
import type { LoadedLab } from '../lab/load.ts';
import { bandwidthBitsPerSecond } from '../lab/schema/network.ts';
import { cidrContains, ipv4ToNumber, parseCidr } from '../formats/ipv4.ts';
import { MODEL_NAMES, modelInfo } from '../formats/phone-models.ts';
import type { PhoneGroup, Wan } from './model.ts';

export class PlanInputError extends Error {
  override name = 'PlanInputError';
}

export interface WanFlags {
  wanMbit?: string;
  rttMs?: string;
  lossPct?: string;
}

/** A number option: finite, in range, or a PlanInputError naming it. */
function numberOption(name: string, text: string, min: number, max: number, why: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw new PlanInputError(`${name} ${JSON.stringify(text)}: expected ${why}`);
  return v;
}

/** The WAN from the flags, each one overriding the lab's `wan:` (when a lab is given). */
export function wanFrom(flags: WanFlags, lab?: LoadedLab): Wan {
  const labWan = lab?.spec.wan;
  const labBits = labWan ? bandwidthBitsPerSecond(labWan.bandwidth) : undefined;
  let bitsPerSecond: number;
  if (flags.wanMbit !== undefined) {
    const mbit = Number(flags.wanMbit);
    if (flags.wanMbit.trim() === '' || !Number.isFinite(mbit) || mbit < 0) throw new PlanInputError(`--wan-mbit ${JSON.stringify(flags.wanMbit)}: expected the WAN's bandwidth in Mbit/s, a number above 0`);
    if (mbit === 0) throw new PlanInputError('--wan-mbit 0: a WAN without bandwidth carries no upgrade; give its rate in Mbit/s (e.g. 1.5)');
    bitsPerSecond = mbit * 1e6;
  } else if (labBits !== undefined) {
    bitsPerSecond = labBits;
  } else {
    throw new PlanInputError(`--wan-mbit is required${lab ? ` (${lab.file} has no wan: section)` : ''}: the WAN's bandwidth in Mbit/s`);
  }
  const rttMs =
    flags.rttMs !== undefined
      ? numberOption('--rtt-ms', flags.rttMs, 0, 10_000, 'the round-trip time in ms, 0 to 10000')
      : labWan !== undefined
        ? labWan.rttMs
        : (() => {
            throw new PlanInputError(`--rtt-ms is required${lab ? ` (${lab.file} has no wan: section)` : ''}: the round-trip time to the TFTP server in ms`);
          })();
  const lossPercent = flags.lossPct !== undefined ? numberOption('--loss-pct', flags.lossPct, 0, 50, 'packet loss in percent, 0 to 50') : (labWan?.lossPercent ?? 0);
  return { bitsPerSecond, rttMs, lossPercent };
}

/** The load files each model runs, from a loaded lab (real sizes). */
export function loadsByModel(lab: LoadedLab): Map<string, PhoneGroup['files']> {
  const byModel = new Map<string, PhoneGroup['files']>();
  for (const l of lab.loads) for (const m of l.models) byModel.set(m, l.load.files);
  return byModel;
}

/** One group of N phones of one model (--phones N --model M), its load from `loadsLab`. */
export function groupFromFlags(phonesText: string, modelText: string, loadsLab: LoadedLab): PhoneGroup {
  const phones = Number(phonesText);
  if (!Number.isInteger(phones) || phones < 1 || phones > 100_000) {
    throw new PlanInputError(`--phones ${JSON.stringify(phonesText)}: expected a whole number of phones from 1 to 100000${phones === 0 ? ' (no phones: nothing to upgrade)' : ''}`);
  }
  const model = normalizeModel(modelText);
  const files = model ? loadsByModel(loadsLab).get(model) : undefined;
  if (!model || !files) {
    const known = [...loadsByModel(loadsLab).keys()];
    throw new PlanInputError(
      `--model ${JSON.stringify(modelText)}: ${model ? `no load for ${model} in ${loadsLab.file}` : 'not a phone model that shares firmware'}; known: ${known.join(', ')}${model ? '' : ` (PFS models: ${MODEL_NAMES.join(', ')})`}`,
    );
  }
  return { subnet: 'branch', model, phones, files };
}

/** CP-7961G, or 7961 / 7961G / cp-7961g for it. */
function normalizeModel(text: string): string | undefined {
  const t = text.trim().toUpperCase();
  if (modelInfo(t)) return t;
  const digits = /^(?:CP-)?(\d{4})(G?)(-GE)?$/.exec(t);
  if (!digits) return undefined;
  return MODEL_NAMES.find((m) => m === `CP-${digits[1]}G${digits[3] ?? ''}`);
}

/**
 * The groups of a lab: its phones by subnet and model, each with its model's target load.
 * Phones in the TFTP server's own subnet fetch without crossing the WAN: left out, and said.
 */
export function groupsFromLab(lab: LoadedLab): { groups: PhoneGroup[]; notes: string[] } {
  const notes: string[] = [];
  const byModel = loadsByModel(lab);
  const tftpSubnet = lab.spec.subnets.find((s) => inCidr(lab.spec.tftp.server, s.cidr))?.name;
  const groups = new Map<string, PhoneGroup>();
  for (const p of lab.spec.phones) {
    if (p.subnet === tftpSubnet) {
      notes.push(`${p.name}: in the TFTP server's subnet ${p.subnet}, no WAN to plan for`);
      continue;
    }
    const files = byModel.get(p.model);
    if (!files) throw new PlanInputError(`${lab.file}: phone ${p.name} is a ${p.model}, and no load of the lab names that model`);
    const key = `${p.subnet}\u0000${p.model}`;
    const g = groups.get(key) ?? { subnet: p.subnet, model: p.model, phones: 0, files };
    g.phones += 1;
    groups.set(key, g);
  }
  if (groups.size === 0) throw new PlanInputError(`${lab.file}: no phones behind the WAN (phones: ${lab.spec.phones.length}); nothing to plan`);
  return { groups: [...groups.values()], notes };
}

function inCidr(ip: string, cidrText: string): boolean {
  const cidr = parseCidr(cidrText);
  const addr = ipv4ToNumber(ip);
  return cidr !== undefined && addr !== undefined && cidrContains(cidr, addr);
}
